namespace Verifier.Client;

/// <summary>The answer to "should I send to this address?".</summary>
[ApiSchema("Verdict")]
public enum Verdict
{
    /// <summary>The recipient's server accepted the mailbox.</summary>
    Deliverable,

    /// <summary>A send would bounce: bad syntax, no such domain or mailbox.</summary>
    Undeliverable,

    /// <summary>A send may be accepted, but the address is doubtful (catch-all, full, disposable).</summary>
    Risky,

    /// <summary>No decision could be made now (time-outs, greylisting, DNS failures).</summary>
    Unknown,
}

/// <summary>Why the verdict is what it is (README, "Verdicts and reasons").</summary>
[ApiSchema("Reason")]
public enum Reason
{
    /// <summary>The mailbox was accepted (250).</summary>
    Accepted,

    /// <summary>Not an address an MTA accepts (553 5.1.3).</summary>
    InvalidSyntax,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    NoSuchDomain,

    /// <summary>The domain has no MX and no A/AAAA record.</summary>
    NoMailServer,

    /// <summary>The domain says it accepts no mail (RFC 7505).</summary>
    NullMx,

    /// <summary>The MX resolves only to private or reserved addresses.</summary>
    UnroutableMx,

    /// <summary>550 5.1.1: no such mailbox.</summary>
    MailboxNotFound,

    /// <summary>550 5.2.1: the mailbox is disabled.</summary>
    MailboxDisabled,

    /// <summary>552 5.2.2 (or 452 4.2.2): the mailbox is full.</summary>
    MailboxFull,

    /// <summary>The server accepts any recipient: a 250 proves nothing.</summary>
    CatchAll,

    /// <summary>A disposable-mailbox domain.</summary>
    Disposable,

    /// <summary>450/451: try again later.</summary>
    Greylisted,

    /// <summary>421, refused, or every MX down.</summary>
    SmtpUnavailable,

    /// <summary>The probe itself was refused by policy (554, 5.7.x).</summary>
    Blocked,

    /// <summary>The time budget ran out.</summary>
    Timeout,

    /// <summary>SERVFAIL or a DNS time-out.</summary>
    DnsError,

    /// <summary>SMTP was not asked, not needed, or the budget was spent first.</summary>
    SmtpNotChecked,
}

/// <summary>The answer for one address.</summary>
/// <param name="Email">The address as sent.</param>
/// <param name="Normalized">The comparison form (case-folded local part, A-label domain); null when the syntax is invalid.</param>
/// <param name="Verdict">deliverable, undeliverable, risky or unknown.</param>
/// <param name="Reason">Why.</param>
/// <param name="LikelySmtp">The reply a real send would most likely get.</param>
/// <param name="Checks">What each stage found.</param>
/// <param name="Flags">Disposable, role and free-provider flags.</param>
/// <param name="Score">0–100, higher is safer to send to.</param>
/// <param name="Suggestion">A corrected address when the domain looks like a typo.</param>
/// <param name="Cached">True when the answer came from the cache.</param>
/// <param name="CheckedAt">When the checks behind the answer were made.</param>
/// <param name="DurationMs">Server time spent on the request.</param>
/// <param name="Token">The signed verification token, in answers to publishable keys (or when the API is open).</param>
[ApiSchema("VerificationResult")]
public sealed record VerificationResult(
    string Email,
    string? Normalized,
    Verdict Verdict,
    Reason Reason,
    LikelySmtp LikelySmtp,
    VerificationChecks Checks,
    RiskFlags Flags,
    int Score,
    string? Suggestion,
    bool Cached,
    DateTimeOffset CheckedAt,
    long DurationMs,
    string? Token = null);

/// <summary>The SMTP reply a real send would most likely get, what it means and what to do.</summary>
/// <param name="Code">Basic reply code, e.g. 550.</param>
/// <param name="EnhancedCode">Enhanced status code, e.g. 5.1.1.</param>
/// <param name="Class">permanent, transient or success.</param>
/// <param name="Title">Short meaning.</param>
/// <param name="Observed">True when the recipient's server actually gave this code.</param>
/// <param name="Action">send, remove, retry_later, …</param>
/// <param name="Retry">Whether retrying can help.</param>
/// <param name="Advice">What to do.</param>
[ApiSchema("LikelySmtp")]
public sealed record LikelySmtp(int Code, string? EnhancedCode, string? Class, string? Title, bool Observed, string? Action, bool Retry, string? Advice);

/// <summary>What each stage of the pipeline found.</summary>
/// <param name="Syntax">The syntax stage.</param>
/// <param name="Domain">The DNS stage; null when it did not run.</param>
/// <param name="Smtp">The SMTP stage; null when it did not run.</param>
[ApiSchema("VerificationChecks")]
public sealed record VerificationChecks(SyntaxCheck Syntax, DomainCheck? Domain, SmtpCheck? Smtp);

/// <summary>The syntax stage's finding.</summary>
/// <param name="Valid">Whether the address is valid.</param>
/// <param name="LocalPart">The local part as typed.</param>
/// <param name="Domain">The domain (A-label).</param>
/// <param name="Error">snake_case error code when invalid.</param>
/// <param name="ErrorIndex">Where parsing failed, when invalid.</param>
[ApiSchema("SyntaxCheck")]
public sealed record SyntaxCheck(bool Valid, string? LocalPart, string? Domain, string? Error, int? ErrorIndex);

/// <summary>The DNS stage's finding.</summary>
/// <param name="Status">snake_case DNS status (resolved, no_such_domain, …).</param>
/// <param name="Mx">MX hosts by preference.</param>
/// <param name="ImplicitMx">True when the domain has no MX but an A/AAAA record.</param>
/// <param name="NullMx">True for a null MX (RFC 7505).</param>
/// <param name="Error">What went wrong, when something did.</param>
[ApiSchema("DomainCheck")]
public sealed record DomainCheck(string? Status, IReadOnlyList<MxRecord> Mx, bool ImplicitMx, bool NullMx, string? Error);

/// <summary>One MX host.</summary>
/// <param name="Host">Its name.</param>
/// <param name="Preference">Its preference (lower first).</param>
[ApiSchema("MxRecord")]
public sealed record MxRecord(string? Host, int Preference);

/// <summary>The SMTP stage's finding.</summary>
/// <param name="Performed">False when SMTP was skipped.</param>
/// <param name="Host">The MX host that answered.</param>
/// <param name="Code">Its reply code to RCPT.</param>
/// <param name="EnhancedCode">Its enhanced status code.</param>
/// <param name="Message">Its reply text.</param>
/// <param name="CatchAll">Whether the domain accepts any recipient; null when unknown.</param>
/// <param name="DurationMs">Time spent on SMTP.</param>
/// <param name="Error">Why the check could not be made, when it could not.</param>
[ApiSchema("SmtpCheck")]
public sealed record SmtpCheck(bool Performed, string? Host, int? Code, string? EnhancedCode, string? Message, bool? CatchAll, long DurationMs, string? Error);

/// <summary>Enrichment flags.</summary>
/// <param name="Disposable">A disposable-mailbox domain.</param>
/// <param name="Role">A role local part (info@, admin@, …).</param>
/// <param name="Free">A free-mail provider.</param>
[ApiSchema("RiskFlags")]
public sealed record RiskFlags(bool Disposable, bool Role, bool Free);

/// <summary>The body of <c>POST /v1/verify</c>.</summary>
/// <param name="Email">The address.</param>
/// <param name="Smtp">Probe the mailbox over SMTP.</param>
/// <param name="TimeoutMs">Time budget of the request, in milliseconds; the server's default when null.</param>
/// <param name="Refresh">Bypass the cache.</param>
[ApiSchema("VerifyRequest")]
public sealed record VerifyRequest(string Email, bool Smtp = true, int? TimeoutMs = null, bool Refresh = false);

/// <summary>The body of <c>POST /v1/verify/batch</c>.</summary>
/// <param name="Emails">Up to the server's limit (1,000 by default).</param>
/// <param name="Smtp">Probe mailboxes over SMTP.</param>
/// <param name="Refresh">Bypass the cache.</param>
[ApiSchema("BatchVerifyRequest")]
public sealed record BatchVerifyRequest(IReadOnlyList<string> Emails, bool Smtp = true, bool Refresh = false);

/// <summary>The answer of <c>POST /v1/verify/batch</c>: results in input order.</summary>
/// <param name="Count">Addresses answered.</param>
/// <param name="Counts">Answers by verdict.</param>
/// <param name="Results">One result per address sent, in order.</param>
[ApiSchema("BatchVerifyResponse")]
public sealed record BatchVerifyResponse(int Count, VerdictCounts Counts, IReadOnlyList<VerificationResult> Results);

/// <summary>Answers by verdict.</summary>
/// <param name="Deliverable">Deliverable answers.</param>
/// <param name="Undeliverable">Undeliverable answers.</param>
/// <param name="Risky">Risky answers.</param>
/// <param name="Unknown">Unknown answers.</param>
[ApiSchema("VerdictCounts")]
public sealed record VerdictCounts(int Deliverable, int Undeliverable, int Risky, int Unknown);
