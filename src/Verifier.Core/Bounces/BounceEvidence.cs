namespace Verifier.Core.Bounces;

/// <summary>What a parser found in a bounce, before it is classified.</summary>
/// <param name="Code">The remote server's basic reply code, when found.</param>
/// <param name="EnhancedCode">The enhanced status code from the reply, a DSN Status field or a log's dsn= field.</param>
/// <param name="Text">The reply text without its codes, or the MTA's own explanation when there is no reply.</param>
/// <param name="Recipient">The bounced address, when named.</param>
/// <param name="Deferred">True when the bounce says delivery is still being retried (DSN Action: delayed,
/// Postfix status=deferred, Exim ==); false when it says the MTA gave up; null when it says neither.</param>
internal sealed record BounceEvidence(int? Code, string? EnhancedCode, string Text, string? Recipient, bool? Deferred);
