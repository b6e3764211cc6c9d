namespace Verifier.Api.Demo;

/// <summary>The demo signup page at <c>/demo/signup</c> (config section <c>Verifier:Demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section (environment variables <c>Verifier__Demo__…</c>).</summary>
    public const string SectionName = "Verifier:Demo";

    /// <summary>Serve the demo. Unset: on in Development, off elsewhere.</summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The publishable key the page's widget sends (one of <c>Verifier:Auth:PublishableKeys</c>, whose origins include this
    /// service's own). Needed when keys are configured; an open API needs none.
    /// </summary>
    public string? PublishableKey { get; set; }

    /// <summary>The secret key the demo's backend confirms tokens with (one of <c>Verifier:Auth:ApiKeys</c>). Needed when keys are configured.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Where the demo's backend reaches the API; unset: this service's own listening address.</summary>
    public Uri? ApiAddress { get; set; }
}
