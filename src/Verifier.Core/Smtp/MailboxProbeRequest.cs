using Verifier.Core.Dns;

namespace Verifier.Core.Smtp;

/// <summary>Probe some mailboxes of one domain in as few sessions as the server allows.</summary>
/// <param name="Domain">The recipients' domain (A-label form).</param>
/// <param name="MailExchangers">Hosts to try, in order.</param>
/// <param name="Recipients">Mailboxes as they go in RCPT TO (local@domain, local part as typed).</param>
/// <param name="DetectCatchAll">Also send one RCPT to a random local part of the domain.</param>
public sealed record MailboxProbeRequest(
    string Domain,
    IReadOnlyList<MailExchanger> MailExchangers,
    IReadOnlyList<string> Recipients,
    bool DetectCatchAll);
