namespace Verifier.Core.Syntax;

/// <summary>Why and where an address failed RFC 5321 mailbox syntax.</summary>
/// <param name="Code">What is wrong; <see cref="SyntaxErrorCode.None"/> when nothing is.</param>
/// <param name="Index">
/// The UTF-16 index in the input where parsing failed: the offending character, or the input
/// length when the input ended too early. For length errors it is the start of the part that
/// is too long (0 for the local part and the whole path, the first character after '@' for
/// the domain, the label's first character for a label).
/// </param>
public readonly record struct SyntaxError(SyntaxErrorCode Code, int Index)
{
    /// <summary>No error.</summary>
    public static SyntaxError None => default;
}
