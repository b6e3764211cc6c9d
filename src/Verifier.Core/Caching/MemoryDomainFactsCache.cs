using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Verifier.Core.Dns;

namespace Verifier.Core.Caching;

/// <summary>The embedded default for per-domain knowledge.</summary>
public sealed class MemoryDomainFactsCache(IMemoryCache memory, IOptions<CacheOptions> options) : IDomainFactsCache
{
    public ValueTask<DomainMailInfo?> GetMailInfoAsync(string domain, CancellationToken cancellationToken) =>
        ValueTask.FromResult(memory.Get<DomainMailInfo>(CacheKeys.MailInfo(domain)));

    public ValueTask SetMailInfoAsync(DomainMailInfo info, CancellationToken cancellationToken)
    {
        if (info.TimeToLive > TimeSpan.Zero)
        {
            memory.Set(CacheKeys.MailInfo(info.Domain), info, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = info.TimeToLive, Size = 1 });
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<DomainFacts?> GetFactsAsync(string domain, CancellationToken cancellationToken) =>
        ValueTask.FromResult(memory.Get<DomainFacts>(CacheKeys.Facts(domain)));

    public ValueTask SetFactsAsync(string domain, DomainFacts facts, CancellationToken cancellationToken)
    {
        memory.Set(CacheKeys.Facts(domain), facts, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.Value.DomainFacts, Size = 1 });
        return ValueTask.CompletedTask;
    }
}
