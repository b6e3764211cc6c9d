using Verifier.Core.Classification;

namespace Verifier.Core.Verification;

/// <summary>The answer for one address (DESIGN.md, Result model).</summary>
public sealed record VerificationResult
{
    public required string Email { get; init; }

    /// <summary>The comparison form (case-folded local part, A-label domain); null when the syntax is invalid.</summary>
    public string? Normalized { get; init; }

    public required Verdict Verdict { get; init; }

    public required Reason Reason { get; init; }

    public required LikelySmtp LikelySmtp { get; init; }

    public required VerificationChecks Checks { get; init; }

    public RiskFlags Flags { get; init; } = RiskFlags.None;

    /// <summary>0–100, higher is safer to send to.</summary>
    public int Score { get; init; }

    /// <summary>A corrected address when the domain looks like a typo, else null.</summary>
    public string? Suggestion { get; init; }

    /// <summary>True when this answer came from the cache.</summary>
    public bool Cached { get; init; }

    /// <summary>When the checks behind this answer were made (the original check for a cached answer).</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>Server time spent answering this request.</summary>
    public long DurationMs { get; init; }

    /// <summary>
    /// A signed verification token for this answer: present in answers to publishable keys (and to anyone when the
    /// API is open), for a site's backend to confirm with <c>POST /v1/tokens/confirm</c>; never cached.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }
}

/// <summary>What each stage of the pipeline found.</summary>
public sealed record VerificationChecks(SyntaxCheck Syntax, DomainCheck? Domain, SmtpCheck? Smtp);

/// <summary>The syntax stage's finding.</summary>
/// <param name="Error">snake_case error code when invalid, e.g. "local_part_too_long".</param>
/// <param name="ErrorIndex">Index in the input where parsing failed, when invalid.</param>
public sealed record SyntaxCheck(bool Valid, string? LocalPart, string? Domain, string? Error, int? ErrorIndex = null);

/// <summary>The DNS stage's finding.</summary>
/// <param name="Status">snake_case <see cref="Dns.DomainStatus"/>.</param>
public sealed record DomainCheck(string Status, IReadOnlyList<MxRecord> Mx, bool ImplicitMx, bool NullMx, string? Error = null);

/// <summary>One MX host as shown in results.</summary>
public sealed record MxRecord(string Host, int Preference);

/// <summary>The SMTP stage's finding.</summary>
/// <param name="Performed">False when SMTP was skipped (not asked, not needed, or time budget spent).</param>
/// <param name="CatchAll">True/false when the catch-all probe answered; null when unknown.</param>
public sealed record SmtpCheck(
    bool Performed,
    string? Host,
    int? Code,
    string? EnhancedCode,
    string? Message,
    bool? CatchAll,
    long DurationMs,
    string? Error = null);

/// <summary>Enrichment flags.</summary>
public sealed record RiskFlags(bool Disposable, bool Role, bool Free)
{
    public static readonly RiskFlags None = new(false, false, false);
}
