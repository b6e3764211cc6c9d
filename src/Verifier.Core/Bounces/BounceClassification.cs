namespace Verifier.Core.Bounces;

/// <summary>What a bounce (an SMTP reply, an MTA log line, or a whole bounce message) says about one recipient.</summary>
/// <param name="Code">The basic reply code the remote server returned, e.g. 550; null when the bounce carries none.</param>
/// <param name="EnhancedCode">The RFC 3463 enhanced status code, e.g. "5.1.1"; null when the bounce carries none.</param>
/// <param name="Class">
/// <see cref="BounceClassifier.Temporary"/> or <see cref="BounceClassifier.Permanent"/>;
/// <see cref="BounceClassifier.Success"/> for a delivery report that reports no failure, and
/// <see cref="BounceClassifier.Unknown"/> when the text is not recognised as a bounce.
/// </param>
/// <param name="Reason">
/// snake_case: the verification reasons (<c>mailbox_not_found</c>, <c>mailbox_disabled</c>, <c>mailbox_full</c>,
/// <c>no_such_domain</c>, <c>no_mail_server</c>, <c>null_mx</c>, <c>greylisted</c>, <c>smtp_unavailable</c>,
/// <c>timeout</c>, <c>dns_error</c>, <c>accepted</c>) plus <c>spam_block</c>, <c>auth_failure</c>, <c>policy</c>,
/// <c>rate_limited</c> and <c>unrecognised</c>; see <see cref="BounceReasons"/>.
/// </param>
/// <param name="Action">"suppress", "retry_later", "fix_configuration" or "none"; see <see cref="BounceActions"/>.</param>
/// <param name="Recipient">The bounced address, when the bounce names it.</param>
/// <param name="DiagnosticText">The remote server's reply text (or the MTA's own explanation), white space collapsed.</param>
public sealed record BounceClassification(
    int? Code,
    string? EnhancedCode,
    string Class,
    string Reason,
    string Action,
    string? Recipient,
    string? DiagnosticText);
