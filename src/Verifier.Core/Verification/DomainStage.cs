using Verifier.Core.Caching;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Verification;

/// <summary>
/// The domain stage: where an address's mail goes, from DNS through the per-domain cache, and whether any of those
/// hosts may be connected to at all (the network guard refuses private and reserved addresses).
/// </summary>
internal sealed class DomainStage(IMailDomainResolver resolver, IDomainFactsCache domainFacts, NetworkGuard guard, TimeProvider time)
{
    public async Task<DomainFinding> RunAsync(EmailAddress address, CancellationToken cancellationToken)
    {
        var resolving = time.GetTimestamp();
        var info = await ResolveAsync(address, cancellationToken).ConfigureAwait(false);
        VerifierMetrics.RecordStage(VerifierMetrics.Stages.Dns, time, resolving);
        return new DomainFinding(info, NoRoutableMx: info.Status == DomainStatus.Resolved && !HasRoutableAddress(info));
    }

    /// <summary>DNS, through the per-domain cache. An address literal is its own mail host (RFC 5321 §4.1.3).</summary>
    private async Task<DomainMailInfo> ResolveAsync(EmailAddress address, CancellationToken cancellationToken)
    {
        if (address.AddressLiteral is { } literal)
        {
            var host = new MailExchanger(literal.ToString(), 0, [literal]);
            return new DomainMailInfo(address.Domain, DomainStatus.Resolved, [host], ImplicitMx: true, TimeSpan.Zero);
        }

        if (await domainFacts.GetMailInfoAsync(address.Domain, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        var info = await resolver.ResolveAsync(address.Domain, cancellationToken).ConfigureAwait(false);
        await domainFacts.SetMailInfoAsync(info, cancellationToken).ConfigureAwait(false);
        return info;
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
