using Microsoft.Extensions.Options;
using Verifier.Core.Verification;

namespace Verifier.Core.Caching;

/// <summary>Per-address verdicts under <c>verifier:v1:addr:&lt;sha-256&gt;</c>, kept for as long as their reason allows.</summary>
public sealed class VerdictCache(LayeredCache cache, IOptions<CacheOptions> options) : IVerdictCache
{
    public ValueTask<VerificationResult?> GetAsync(string comparisonKey, CancellationToken cancellationToken) =>
        cache.GetAsync(CacheKeys.Verdict(comparisonKey), CacheJsonContext.Default.VerificationResult, cancellationToken);

    public ValueTask SetAsync(string comparisonKey, VerificationResult result, CancellationToken cancellationToken) =>
        StoreAsync(comparisonKey, result, inProcess: true, cancellationToken);

    public ValueTask SetSharedAsync(string comparisonKey, VerificationResult result, CancellationToken cancellationToken) =>
        StoreAsync(comparisonKey, result, inProcess: false, cancellationToken);

    private ValueTask StoreAsync(string comparisonKey, VerificationResult result, bool inProcess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stored = result with { Cached = false, DurationMs = 0 };
        return cache.SetAsync(
            CacheKeys.Verdict(comparisonKey),
            stored,
            CacheTtlPolicy.For(result, options.Value),
            CacheJsonContext.Default.VerificationResult,
            cancellationToken,
            inProcess);
    }
}
