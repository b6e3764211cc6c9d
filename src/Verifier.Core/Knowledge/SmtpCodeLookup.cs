namespace Verifier.Core.Knowledge;

/// <summary>How closely a looked-up code matched the knowledge base.</summary>
public enum SmtpCodeMatch
{
    /// <summary>The code itself is in the knowledge base.</summary>
    Exact,

    /// <summary>
    /// A well-formed enhanced code whose detail is not registered, explained by its subject ("5.1.X",
    /// RFC 3463 §3).
    /// </summary>
    Subject,

    /// <summary>
    /// A well-formed code that is not registered, explained by its class ("5xx" for a basic code, "5.X.X" for an
    /// enhanced code whose subject is unknown).
    /// </summary>
    Class,

    /// <summary>Neither a basic reply code nor an enhanced status code.</summary>
    Malformed,
}

/// <summary>The answer to <see cref="SmtpCodeBook.Lookup"/>.</summary>
/// <param name="Query">The code as asked for, trimmed.</param>
/// <param name="Match">How the code matched.</param>
/// <param name="Entry">
/// The explanation: the code's own entry for <see cref="SmtpCodeMatch.Exact"/>, the subject or class entry for
/// <see cref="SmtpCodeMatch.Subject"/> and <see cref="SmtpCodeMatch.Class"/>; null when malformed.
/// </param>
/// <param name="Error">Why the code is malformed; null otherwise.</param>
public sealed record SmtpCodeLookup(string Query, SmtpCodeMatch Match, SmtpCodeEntry? Entry, string? Error)
{
    /// <summary>True when the query is neither a basic reply code nor an enhanced status code.</summary>
    public bool IsMalformed => Match == SmtpCodeMatch.Malformed;
}
