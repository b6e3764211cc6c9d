using Microsoft.Extensions.Options;
using Verifier.Core.Dns;

namespace Verifier.Core.Caching;

/// <summary>
/// Per-domain knowledge: mail routing under <c>verifier:v1:mx:&lt;domain&gt;</c> for as long as DNS said
/// (capped by the resolver), SMTP facts under <c>verifier:v1:facts:&lt;domain&gt;</c> for <see cref="CacheOptions.DomainFacts"/>.
/// </summary>
public sealed class DomainFactsCache(LayeredCache cache, IOptions<CacheOptions> options) : IDomainFactsCache
{
    public ValueTask<DomainMailInfo?> GetMailInfoAsync(string domain, CancellationToken cancellationToken) =>
        cache.GetAsync(CacheKeys.MailInfo(domain), CacheJsonContext.Default.DomainMailInfo, cancellationToken);

    public ValueTask SetMailInfoAsync(DomainMailInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        return cache.SetAsync(CacheKeys.MailInfo(info.Domain), info, info.TimeToLive, CacheJsonContext.Default.DomainMailInfo, cancellationToken);
    }

    public ValueTask<DomainFacts?> GetFactsAsync(string domain, CancellationToken cancellationToken) =>
        cache.GetAsync(CacheKeys.Facts(domain), CacheJsonContext.Default.DomainFacts, cancellationToken);

    public ValueTask SetFactsAsync(string domain, DomainFacts facts, CancellationToken cancellationToken) =>
        cache.SetAsync(CacheKeys.Facts(domain), facts, options.Value.DomainFacts, CacheJsonContext.Default.DomainFacts, cancellationToken);
}
