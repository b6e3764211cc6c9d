namespace Verifier.Api.Operations;

/// <summary>Who may read <c>/metrics</c> (config section <c>Verifier:Metrics</c>).</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section (environment variables <c>Verifier__Metrics__…</c>).</summary>
    public const string SectionName = "Verifier:Metrics";

    /// <summary>
    /// When true, <c>/metrics</c> answers only a secret key (<c>X-Api-Key</c>, or <c>Authorization: Bearer</c> as
    /// Prometheus's <c>authorization</c> scrape setting sends it). Off by default, since scrapers usually reach the
    /// service on a private network; the metrics carry MX host names, so turn it on where that network is not private.
    /// </summary>
    public bool RequireApiKey { get; set; }
}
