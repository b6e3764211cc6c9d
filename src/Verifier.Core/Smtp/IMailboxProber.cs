namespace Verifier.Core.Smtp;

/// <summary>Asks a domain's mail servers whether they would accept mail for some recipients (MAIL/RCPT, never DATA).</summary>
public interface IMailboxProber
{
    Task<MailboxProbeResult> ProbeAsync(MailboxProbeRequest request, CancellationToken cancellationToken);
}
