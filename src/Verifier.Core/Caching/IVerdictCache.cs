using Verifier.Core.Verification;

namespace Verifier.Core.Caching;

/// <summary>Per-address verdicts, keyed by the address's comparison key (hashed by implementations before it reaches storage).</summary>
public interface IVerdictCache
{
    ValueTask<VerificationResult?> GetAsync(string comparisonKey, CancellationToken cancellationToken);

    /// <summary>Stores a result; the time to live follows from its reason.</summary>
    ValueTask SetAsync(string comparisonKey, VerificationResult result, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a result only where other instances find it (Redis), not in this process's memory: bulk jobs of a
    /// million rows would otherwise push out the answers that signup forms ask for again and again. Without a
    /// shared store this keeps nothing.
    /// </summary>
    ValueTask SetSharedAsync(string comparisonKey, VerificationResult result, CancellationToken cancellationToken);
}
