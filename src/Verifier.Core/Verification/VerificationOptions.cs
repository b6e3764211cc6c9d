using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Verification;

/// <summary>Request-level limits (config section <c>Verifier:Verification</c>).</summary>
public sealed class VerificationOptions
{
    public const string SectionName = "Verifier:Verification";

    /// <summary>Time budget of a request that gives no <c>timeoutMs</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest <c>timeoutMs</c> a request may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
