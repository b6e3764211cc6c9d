using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Verifier.Core.Verification;

namespace Verifier.Core.Caching;

/// <summary>The embedded default: verdicts in process memory, for a single instance without Redis.</summary>
public sealed class MemoryVerdictCache(IMemoryCache memory, IOptions<CacheOptions> options) : IVerdictCache
{
    public ValueTask<VerificationResult?> GetAsync(string comparisonKey, CancellationToken cancellationToken) =>
        ValueTask.FromResult(memory.Get<VerificationResult>(CacheKeys.Verdict(comparisonKey)));

    public ValueTask SetAsync(string comparisonKey, VerificationResult result, CancellationToken cancellationToken)
    {
        var ttl = CacheTtlPolicy.For(result, options.Value);
        if (ttl > TimeSpan.Zero)
        {
            memory.Set(CacheKeys.Verdict(comparisonKey), result, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl, Size = 1 });
        }

        return ValueTask.CompletedTask;
    }
}
