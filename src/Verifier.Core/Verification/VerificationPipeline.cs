using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;

namespace Verifier.Core.Verification;

/// <summary>The stages in order: domain (DNS) → mailbox (SMTP) → classify. Syntax was decided by the caller.</summary>
public sealed class VerificationPipeline(
    IMailDomainResolver resolver,
    IMailboxProber prober,
    IDomainFactsCache domainFacts,
    NetworkGuard guard,
    TimeProvider time)
{
    internal async Task<VerificationResult> RunAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var address = run.Address;
        DomainMailInfo domain;
        try
        {
            domain = await ResolveDomainAsync(address, cancellationToken);
            run.PublishDomain(domain);
        }
        catch (Exception error)
        {
            run.AbandonDomain(error);
            throw;
        }

        var noRoutableMx = domain.Status == DomainStatus.Resolved && !HasRoutableAddress(domain);

        MailboxProbeResult? probe = null;
        bool? catchAll = null;
        if (run.Smtp && domain.Status == DomainStatus.Resolved && !noRoutableMx)
        {
            (probe, catchAll) = await ProbeMailboxAsync(address, domain, cancellationToken);
        }

        var observations = new Observations(address, domain, noRoutableMx, probe, catchAll, run.Smtp);
        var classification = Classifier.Classify(new ClassificationInput(
            SyntaxValid: true,
            Domain: domain,
            SmtpRequested: run.Smtp,
            NoRoutableMx: noRoutableMx,
            Probe: probe,
            Recipient: address.Mailbox,
            CatchAll: catchAll,
            Disposable: false));

        return ResultBuilder.Build(observations, classification, time.GetUtcNow());
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
    private async Task<(MailboxProbeResult Probe, bool? CatchAll)> ProbeMailboxAsync(
        EmailAddress address, DomainMailInfo domain, CancellationToken cancellationToken)
    {
        var facts = await domainFacts.GetFactsAsync(domain.Domain, cancellationToken);
        var known = facts?.CatchAll;

        var request = new MailboxProbeRequest(domain.Domain, domain.MailExchangers, [address.Mailbox], DetectCatchAll: known is null);
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
