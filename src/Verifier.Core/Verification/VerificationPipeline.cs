using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Enrichment;
using Verifier.Core.Network;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Verification;

/// <summary>The stages in order: domain (DNS) → mailbox (SMTP) → classify. Syntax was decided by the caller.</summary>
public sealed class VerificationPipeline(
    IMailDomainResolver resolver,
    IMailboxProber prober,
    IDomainFactsCache domainFacts,
    NetworkGuard guard,
    TimeProvider time)
{
    /// <summary>One address: the DNS stage's answer is published as soon as it is known.</summary>
    internal async Task<VerificationResult> RunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var results = await RunForDomainAsync([run.Address], run.Smtp, run.PublishDomain, run.AbandonDomain, cancellationToken);
        return results[0];
    }

    /// <summary>
    /// Addresses of one domain: one DNS lookup, one SMTP probe carrying every recipient (the prober
    /// splits sessions as the server requires), at most one catch-all probe, then each classified.
    /// </summary>
    /// <param name="addresses">Distinct addresses that all share one domain.</param>
    public Task<IReadOnlyList<VerificationResult>> RunForDomainAsync(IReadOnlyList<EmailAddress> addresses, bool smtp, CancellationToken cancellationToken) =>
        RunForDomainAsync(addresses, smtp, static _ => { }, static _ => { }, cancellationToken);

    private async Task<IReadOnlyList<VerificationResult>> RunForDomainAsync(
        IReadOnlyList<EmailAddress> addresses,
        bool smtp,
        Action<DomainMailInfo> domainKnown,
        Action<Exception> domainFailed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            return [];
        }

        DomainMailInfo domain;
        var resolving = time.GetTimestamp();
        try
        {
            domain = await ResolveDomainAsync(addresses[0], cancellationToken);
            VerifierMetrics.RecordStage(VerifierMetrics.Stages.Dns, time, resolving);
            domainKnown(domain);
        }
        catch (Exception error)
        {
            domainFailed(error);
            throw;
        }

        var noRoutableMx = domain.Status == DomainStatus.Resolved && !HasRoutableAddress(domain);

        MailboxProbeResult? probe = null;
        bool? catchAll = null;
        if (smtp && domain.Status == DomainStatus.Resolved && !noRoutableMx)
        {
            var probing = time.GetTimestamp();
            (probe, catchAll) = await ProbeMailboxesAsync(addresses, domain, cancellationToken);
            VerifierMetrics.RecordStage(VerifierMetrics.Stages.Smtp, time, probing);
        }

        var now = time.GetUtcNow();
        var results = new VerificationResult[addresses.Count];
        for (var i = 0; i < addresses.Count; i++)
        {
            var address = addresses[i];
            var enrichment = Enricher.Enrich(address.LocalPart, address.Domain);
            var observations = new Observations(address, domain, noRoutableMx, probe, catchAll, smtp);
            var classification = Classifier.Classify(new ClassificationInput(
                SyntaxValid: true,
                Domain: domain,
                SmtpRequested: smtp,
                NoRoutableMx: noRoutableMx,
                Probe: probe,
                Recipient: address.Mailbox,
                CatchAll: catchAll,
                Disposable: enrichment.Flags.Disposable));
            results[i] = ResultBuilder.Build(observations, classification, enrichment, now);
        }

        return results;
    }

    /// <summary>DNS, through the per-domain cache. An address literal is its own mail host (RFC 5321 §4.1.3).</summary>
    private async Task<DomainMailInfo> ResolveDomainAsync(EmailAddress address, CancellationToken cancellationToken)
    {
        if (address.AddressLiteral is { } literal)
        {
            var host = new MailExchanger(literal.ToString(), 0, [literal]);
            return new DomainMailInfo(address.Domain, DomainStatus.Resolved, [host], ImplicitMx: true, TimeSpan.Zero);
        }

        if (await domainFacts.GetMailInfoAsync(address.Domain, cancellationToken) is { } cached)
        {
            return cached;
        }

        var info = await resolver.ResolveAsync(address.Domain, cancellationToken);
        await domainFacts.SetMailInfoAsync(info, cancellationToken);
        return info;
    }

    /// <summary>
    /// SMTP RCPT probe. The catch-all probe (one RCPT to a random local part) is made only when the
    /// domain's catch-all status is not already known, and its finding is kept for the domain.
    /// </summary>
    private async Task<(MailboxProbeResult Probe, bool? CatchAll)> ProbeMailboxesAsync(
        IReadOnlyList<EmailAddress> addresses, DomainMailInfo domain, CancellationToken cancellationToken)
    {
        var facts = await domainFacts.GetFactsAsync(domain.Domain, cancellationToken);
        var known = facts?.CatchAll;

        var request = new MailboxProbeRequest(
            domain.Domain,
            domain.MailExchangers,
            [.. addresses.Select(a => a.Mailbox).Distinct(StringComparer.Ordinal)],
            DetectCatchAll: known is null);
        var probe = await prober.ProbeAsync(request, cancellationToken);

        if (known is not null)
        {
            return (probe, known);
        }

        var observed = CatchAllDetector.FromReply(probe.CatchAllReply);
        if (observed is not null)
        {
            await domainFacts.SetFactsAsync(domain.Domain, new DomainFacts(observed, probe.Host, time.GetUtcNow()), cancellationToken);
        }

        return (probe, observed);
    }

    /// <summary>
    /// False only when the MX hosts resolved and every address is private or reserved (unroutable_mx).
    /// Hosts whose addresses did not resolve are left to the probe, which reports them as unavailable.
    /// </summary>
    private bool HasRoutableAddress(DomainMailInfo domain)
    {
        var addresses = domain.MailExchangers.SelectMany(mx => mx.Addresses).ToList();
        return addresses.Count == 0 || addresses.Any(guard.IsAllowed);
    }
}
