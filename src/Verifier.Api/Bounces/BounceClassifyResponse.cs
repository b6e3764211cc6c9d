using Verifier.Core.Bounces;

namespace Verifier.Api.Bounces;

/// <summary>What a bounce means and what to do; for a report about several recipients, the first failure plus all of them.</summary>
/// <param name="Code">Basic reply code, when found.</param>
/// <param name="EnhancedCode">Enhanced status code, when found.</param>
/// <param name="Class">"temporary", "permanent", "success" or "unknown".</param>
/// <param name="Reason">mailbox_not_found, mailbox_full, greylisted, spam_block, policy, auth_failure, rate_limited, …</param>
/// <param name="Action">"suppress", "retry_later", "fix_configuration" or "none".</param>
/// <param name="Recipient">The bounced recipient, when found.</param>
/// <param name="Diagnostic">The server's words the classification is based on.</param>
/// <param name="Recipients">Every recipient the bounce reports on (a DSN may carry several).</param>
public sealed record BounceClassifyResponse(
    int? Code,
    string? EnhancedCode,
    string Class,
    string Reason,
    string Action,
    string? Recipient,
    string? Diagnostic,
    IReadOnlyList<BounceClassification> Recipients);
