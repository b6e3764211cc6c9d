using Verifier.Core.Verification;

namespace Verifier.Core.Caching;

/// <summary>Per-address verdicts, keyed by the address's comparison key (hashed by implementations before it reaches storage).</summary>
public interface IVerdictCache
{
    ValueTask<VerificationResult?> GetAsync(string comparisonKey, CancellationToken cancellationToken);

    /// <summary>Stores a result; the time to live follows from its reason.</summary>
    ValueTask SetAsync(string comparisonKey, VerificationResult result, CancellationToken cancellationToken);
}
