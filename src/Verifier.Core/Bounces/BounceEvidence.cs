namespace Verifier.Core.Bounces;

/// <summary>What a parser found about one recipient of a bounce, before it is classified.</summary>
/// <param name="Code">The remote server's basic reply code, when found.</param>
/// <param name="EnhancedCode">The enhanced status code from the reply, else from a DSN Status field or a log's dsn= field.</param>
/// <param name="Text">The reply text without its codes, or the MTA's own explanation when there is no reply.</param>
/// <param name="Recipient">The bounced address, when named.</param>
/// <param name="Deferred">True when the report says delivery is still being retried (DSN Action: delayed, Postfix
/// status=deferred, a delay warning); false when it says the MTA gave up; null when it says neither.</param>
/// <param name="StatusReported">True when <paramref name="EnhancedCode"/> is the reporting MTA's own Status (its translation
/// of the reply), not a code the remote server wrote in its reply.</param>
/// <param name="RemoteHost">The host that gave the reply (DSN Remote-MTA, Postfix "host … said"), when named.</param>
internal sealed record BounceEvidence(
    int? Code,
    string? EnhancedCode,
    string Text,
    string? Recipient,
    bool? Deferred,
    bool StatusReported = false,
    string? RemoteHost = null);
