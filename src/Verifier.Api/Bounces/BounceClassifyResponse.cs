using Verifier.Core.Bounces;
using Verifier.Core.Classification;

namespace Verifier.Api.Bounces;

/// <summary>What a bounce means and what to do; for a report about several recipients, the first failure plus all of them.</summary>
/// <param name="Code">Basic reply code, when found.</param>
/// <param name="EnhancedCode">Enhanced status code, when found.</param>
/// <param name="Class">temporary or permanent for a failure, success for a delivery notice, none for a complaint or an auto-reply, unknown when not recognised.</param>
/// <param name="Reason">The reason the bounce names; the sender's action for each is listed in the README (mailbox_not_found → suppress, mailbox_full → retry_later, spam_block → fix_configuration, …).</param>
/// <param name="Action">What to do with the address: suppress, retry_later, fix_configuration or none.</param>
/// <param name="Recipient">The bounced recipient, when found.</param>
/// <param name="Diagnostic">The server's words the classification is based on.</param>
/// <param name="Recipients">Every recipient the bounce reports on (a DSN may carry several).</param>
public sealed record BounceClassifyResponse(
    int? Code,
    string? EnhancedCode,
    ReplyClass Class,
    ReplyReason Reason,
    SenderAction Action,
    string? Recipient,
    string? Diagnostic,
    IReadOnlyList<BounceClassification> Recipients);
