using System.ComponentModel.DataAnnotations;

namespace Verifier.Api.Tokens;

/// <summary>
/// Verification tokens (config section <c>Verifier:Tokens</c>): the answers a publishable key gets carry a token signed
/// with <see cref="SigningKey"/>, which a site's backend confirms with <c>POST /v1/tokens/confirm</c>.
/// </summary>
public sealed class TokenOptions
{
    /// <summary>The configuration section (environment variables <c>Verifier__Tokens__…</c>).</summary>
    public const string SectionName = "Verifier:Tokens";

    /// <summary>Fewest bytes a signing key may have: HMAC-SHA256 keys shorter than its output weaken it.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>
    /// The signing key, base64 of at least 32 random bytes (<c>openssl rand -base64 32</c>), the same on every instance.
    /// Unset: Development signs with a random key of the process (tokens do not survive a restart or reach another
    /// instance); elsewhere answers carry no token and confirmation answers 503.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Keys that signed tokens before the current one: still accepted when confirming, never used to sign. For rotation.</summary>
    public List<string> PreviousSigningKeys { get; } = [];

    /// <summary>How long a token may be confirmed after it was issued.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The bytes of a configured key, or null when it is not base64 of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public static byte[]? Decode(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var buffer = new byte[configured.Length];
        return Convert.TryFromBase64String(configured.Trim(), buffer, out var written) && written >= MinKeyBytes
            ? buffer[..written]
            : null;
    }
}
