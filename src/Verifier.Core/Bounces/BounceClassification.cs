using Verifier.Core.Classification;

namespace Verifier.Core.Bounces;

/// <summary>What a bounce (an SMTP reply, an MTA log line, or a whole report message) says about one recipient.</summary>
/// <param name="Code">The basic reply code the remote server returned, e.g. 550; null when the bounce carries none.</param>
/// <param name="EnhancedCode">The RFC 3463 enhanced status code, e.g. "5.1.1"; null when the bounce carries none.</param>
/// <param name="Class">
/// <c>temporary</c> or <c>permanent</c> for a failure (a failure the reporting MTA still retries is temporary);
/// <c>success</c> for a delivery notice; <c>none</c> for a message that reports no delivery (a complaint, an
/// auto-reply); <c>unknown</c> when the text is not recognised.
/// </param>
/// <param name="Reason">
/// The verification reasons a bounce can name (<c>mailbox_not_found</c>, <c>mailbox_disabled</c>, <c>mailbox_full</c>,
/// <c>no_such_domain</c>, <c>no_mail_server</c>, <c>null_mx</c>, <c>invalid_syntax</c>, <c>greylisted</c>,
/// <c>smtp_unavailable</c>, <c>timeout</c>, <c>dns_error</c>, <c>accepted</c>) and the finer bounce reasons
/// (<c>rate_limited</c>, <c>spam_block</c>, <c>auth_failure</c>, <c>policy</c>, <c>content_rejected</c>,
/// <c>message_too_large</c>, <c>mail_loop</c>, <c>expired</c>, <c>system_error</c>, <c>undetermined</c>,
/// <c>complaint</c>, <c>not_a_bounce</c>, <c>unrecognised</c>).
/// </param>
/// <param name="Action"><c>suppress</c>, <c>retry_later</c>, <c>fix_configuration</c> or <c>none</c>.</param>
/// <param name="Recipient">The bounced address, when the bounce names it.</param>
/// <param name="DiagnosticText">The remote server's reply text (or the MTA's own explanation), white space collapsed.</param>
public sealed record BounceClassification(
    int? Code,
    string? EnhancedCode,
    ReplyClass Class,
    ReplyReason Reason,
    SenderAction Action,
    string? Recipient,
    string? DiagnosticText);
