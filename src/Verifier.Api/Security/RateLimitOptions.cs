using System.ComponentModel.DataAnnotations;

namespace Verifier.Api.Security;

/// <summary>Token buckets per caller (config section <c>Verifier:RateLimit</c>); 429 with <c>Retry-After</c> beyond them.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section (environment variables <c>Verifier__RateLimit__…</c>).</summary>
    public const string SectionName = "Verifier:RateLimit";

    /// <summary>Requests a minute per secret key, or per client IP address when the API is open. The bucket holds a minute's worth.</summary>
    [Range(1, 60_000_000)]
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Requests a minute per publishable key and client IP address.</summary>
    [Range(1, 1_000_000)]
    public int PublishablePermitsPerMinute { get; set; } = 30;
}
