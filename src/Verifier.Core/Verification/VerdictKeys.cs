using Verifier.Core.Caching;
using Verifier.Core.Syntax;

namespace Verifier.Core.Verification;

/// <summary>How verdicts are found in and stored to the cache, the same for single and batch requests.</summary>
internal static class VerdictKeys
{
    /// <summary>DNS-only answers are kept apart from full ones: they must not satisfy an SMTP request.</summary>
    public static string For(EmailAddress address, bool smtp) =>
        smtp ? address.ComparisonKey : address.ComparisonKey + "|dns";

    /// <summary>A full (SMTP-checked) answer also serves a request that asked for DNS only.</summary>
    public static async Task<VerificationResult?> FindAsync(IVerdictCache cache, EmailAddress address, bool smtp, CancellationToken cancellationToken)
    {
        var full = await cache.GetAsync(For(address, smtp: true), cancellationToken).ConfigureAwait(false);
        if (full is not null || smtp)
        {
            return full;
        }

        return await cache.GetAsync(For(address, smtp: false), cancellationToken).ConfigureAwait(false);
    }
}
