using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Verification;

/// <summary>
/// The mailbox stage: one call to the <see cref="IMailboxProber"/> for every address of a domain (the prober decides
/// sessions, per-host limits and retries), and the domain's catch-all finding, probed once and kept per domain.
/// </summary>
internal sealed class MailboxStage(IMailboxProber prober, IDomainFactsCache domainFacts, TimeProvider time)
{
    /// <summary>Null when the stage does not run: SMTP not asked for, or the domain gives no host to probe.</summary>
    /// <param name="addresses">Distinct addresses that all share the domain of <paramref name="domain"/>.</param>
    public async Task<MailboxFinding?> RunAsync(IReadOnlyList<EmailAddress> addresses, DomainFinding domain, bool smtp, CancellationToken cancellationToken)
    {
        if (!smtp || !domain.CanProbe)
        {
            return null;
        }

        var probing = time.GetTimestamp();
        var finding = await ProbeAsync(addresses, domain, cancellationToken).ConfigureAwait(false);
        VerifierMetrics.RecordStage(VerifierMetrics.Stages.Smtp, time, probing);
        return finding;
    }

    /// <summary>
    /// The catch-all probe (one RCPT to a random local part) is asked for only when the domain's catch-all status is
    /// not already known, and its finding is kept for the domain.
    /// </summary>
    private async Task<MailboxFinding> ProbeAsync(IReadOnlyList<EmailAddress> addresses, DomainFinding domain, CancellationToken cancellationToken)
    {
        var name = domain.Info.Domain;
        var facts = await domainFacts.GetFactsAsync(name, cancellationToken).ConfigureAwait(false);
        var known = facts?.CatchAll;

        var request = new MailboxProbeRequest(
            name,
            domain.Info.MailExchangers,
            [.. addresses.Select(a => a.Mailbox).Distinct(StringComparer.Ordinal)],
            DetectCatchAll: known is null);
        var probe = await prober.ProbeAsync(request, cancellationToken).ConfigureAwait(false);

        if (known is not null)
        {
            return new MailboxFinding(probe, known);
        }

        var observed = CatchAllDetector.FromReply(probe.CatchAllReply);
        if (observed is not null)
        {
            await domainFacts.SetFactsAsync(name, new DomainFacts(observed, probe.Host, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        return new MailboxFinding(probe, observed);
    }
}
