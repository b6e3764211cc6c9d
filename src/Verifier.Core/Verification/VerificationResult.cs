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
