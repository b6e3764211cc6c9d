using System.Text;

namespace Verifier.Core.Privacy;

/// <summary>
/// Addresses are personal data: logs at Information level and above show them masked, first character of the
/// local part and the domain only ("alice@example.com" → "a***@example.com").
/// </summary>
public static class AddressMasking
{
    private const string MaskText = "***";

    /// <summary>The address with all but the first character of its local part replaced by "***"; "***" when there is no '@'.</summary>
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return MaskText;
        }

        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return MaskText;
        }

        var domain = address.AsSpan(at);
        if (at == 0)
        {
            return string.Concat(MaskText, domain);
        }

        // Keep a whole character (a surrogate pair is one), never half of one; a quoted local part keeps its quote.
        var firstLength = Rune.DecodeFromUtf16(address, out _, out var consumed) == System.Buffers.OperationStatus.Done ? consumed : 1;
        if (address[0] == '"' && at > 1 && Rune.DecodeFromUtf16(address.AsSpan(1), out _, out var inner) == System.Buffers.OperationStatus.Done)
        {
            firstLength = 1 + inner;
        }

        firstLength = Math.Min(firstLength, at);
        var first = address.AsSpan(0, firstLength);
        return IsControlFree(first) ? string.Concat(first, MaskText, domain) : string.Concat(MaskText, domain);
    }

    private static bool IsControlFree(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
