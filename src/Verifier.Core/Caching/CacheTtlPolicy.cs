using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Core.Caching;

/// <summary>Chooses how long a verdict is kept, from its reason.</summary>
public static class CacheTtlPolicy
{
    public static TimeSpan For(VerificationResult result, CacheOptions options) => result.Reason switch
    {
        Reason.DnsError => options.DnsError,
        _ => result.Verdict switch
        {
            Verdict.Deliverable => options.Deliverable,
            Verdict.Undeliverable => options.Undeliverable,
            Verdict.Risky => options.Risky,
            _ => options.Unknown,
        },
    };
}
