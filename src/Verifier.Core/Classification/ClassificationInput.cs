using Verifier.Core.Dns;
using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>Everything the pipeline observed about one address, as the classifier needs it.</summary>
/// <param name="SyntaxValid">Whether the address is an RFC 5321 mailbox.</param>
/// <param name="Domain">What DNS said about the domain; null when DNS was not consulted.</param>
/// <param name="SmtpRequested">Whether the caller asked for an SMTP check.</param>
/// <param name="NoRoutableMx">True when the network guard refused every address of every MX host (private or reserved ranges).</param>
/// <param name="Probe">What the recipient's servers said; null when no probe ran.</param>
/// <param name="Recipient">This address as keyed in <see cref="MailboxProbeResult.Replies"/>.</param>
/// <param name="CatchAll">Whether the domain accepts any recipient, from this probe or from cached domain facts; null when not known.</param>
/// <param name="Disposable">Whether the domain is a disposable-mailbox domain.</param>
public sealed record ClassificationInput(
    bool SyntaxValid,
    DomainMailInfo? Domain,
    bool SmtpRequested = false,
    bool NoRoutableMx = false,
    MailboxProbeResult? Probe = null,
    string? Recipient = null,
    bool? CatchAll = null,
    bool Disposable = false);
