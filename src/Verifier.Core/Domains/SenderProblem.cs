namespace Verifier.Core.Domains;

/// <summary>How much a sender-side problem matters.</summary>
public enum SenderProblemSeverity
{
    /// <summary>Worth knowing; no receiver rejects mail for it.</summary>
    Info,

    /// <summary>Weakens authentication or reporting; some receivers filter or junk mail because of it.</summary>
    Warning,

    /// <summary>Receivers reject or fail authentication because of it.</summary>
    Error,
}

/// <summary>One thing wrong with how a domain sends mail: its SPF, DMARC or DKIM records, or its MX hosts' reputation.</summary>
/// <param name="Code">A stable snake_case identifier, e.g. <c>spf_too_many_lookups</c>.</param>
/// <param name="Message">What is wrong and what to do, in one or two sentences.</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="LikelySmtp">
/// The SMTP rejection receivers tend to give mail from this domain because of it, e.g. <c>550 5.7.26</c>
/// (Gmail and Yahoo bulk-sender rules: unauthenticated mail); null when it causes no rejection by itself.
/// </param>
public sealed record SenderProblem(string Code, string Message, SenderProblemSeverity Severity, string? LikelySmtp = null)
{
    /// <summary>RFC 7372: the sender's SPF check failed (a receiver enforcing <c>-all</c>).</summary>
    public const string SpfFailed = "550 5.7.23";

    /// <summary>RFC 7372: SPF could not be evaluated (PermError: syntax, more than 10 lookups, missing include).</summary>
    public const string SpfError = "550 5.7.24";

    /// <summary>RFC 7372: multiple authentication checks failed; Gmail and Yahoo use it for unauthenticated bulk mail and DMARC failures.</summary>
    public const string Unauthenticated = "550 5.7.26";

    /// <summary>RFC 3463 "delivery not authorised": the usual wording of a blocklist rejection ("client host blocked using …").</summary>
    public const string Blocked = "554 5.7.1";

    internal static SenderProblem Error(string code, string message, string? likelySmtp = null) =>
        new(code, message, SenderProblemSeverity.Error, likelySmtp);

    internal static SenderProblem Warning(string code, string message, string? likelySmtp = null) =>
        new(code, message, SenderProblemSeverity.Warning, likelySmtp);

    internal static SenderProblem Info(string code, string message) =>
        new(code, message, SenderProblemSeverity.Info);
}
