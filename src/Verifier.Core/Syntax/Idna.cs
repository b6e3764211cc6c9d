using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Verifier.Core.Syntax;

/// <summary>
/// The one IDNA mapping of the engine (RFC 5890/5891 through UTS #46, non-transitional, STD3 rules: only letters,
/// digits and '-' in the result; unassigned code points refused), for the domain of an address, a domain asked
/// about on its own and names in DNS answers alike. Configured once and never changed afterwards, so one instance
/// serves every thread.
/// </summary>
public static class Idna
{
    private static readonly IdnMapping Mapping = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>The A-label form of <paramref name="name"/>, e.g. <c>xn--bcher-kva.example</c> for <c>Bücher.example</c> (case kept for ASCII letters).</summary>
    /// <exception cref="ArgumentException">IDNA cannot map the name.</exception>
    public static string ToAscii(string name) => Mapping.GetAscii(name);

    /// <summary>The A-label form of <paramref name="name"/>; false when IDNA cannot map it.</summary>
    public static bool TryToAscii(string name, [NotNullWhen(true)] out string? ascii)
    {
        try
        {
            ascii = Mapping.GetAscii(name);
            return true;
        }
        catch (ArgumentException)
        {
            ascii = null;
            return false;
        }
    }
}
