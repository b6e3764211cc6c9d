using Verifier.Core.Dns;

namespace Verifier.Core.Caching;

/// <summary>Per-domain knowledge: DNS mail routing (for its TTL) and SMTP facts such as catch-all.</summary>
public interface IDomainFactsCache
{
    ValueTask<DomainMailInfo?> GetMailInfoAsync(string domain, CancellationToken cancellationToken);

    ValueTask SetMailInfoAsync(DomainMailInfo info, CancellationToken cancellationToken);

    ValueTask<DomainFacts?> GetFactsAsync(string domain, CancellationToken cancellationToken);

    ValueTask SetFactsAsync(string domain, DomainFacts facts, CancellationToken cancellationToken);
}
