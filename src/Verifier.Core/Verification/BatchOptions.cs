using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Verification;

/// <summary>Limits of list verification (config section <c>Verifier:Batch</c>).</summary>
public sealed class BatchOptions
{
    public const string SectionName = "Verifier:Batch";

    /// <summary>Most addresses one <c>POST /v1/verify/batch</c> may carry.</summary>
    [Range(1, 100_000)]
    public int MaxAddresses { get; set; } = 1_000;

    /// <summary>
    /// Domains verified at once (the global limit). Each MX host is further limited by
    /// <c>Verifier:Smtp:MaxSessionsPerHost</c>, so many domains on one provider still queue politely.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxConcurrentDomains { get; set; } = 32;
}
