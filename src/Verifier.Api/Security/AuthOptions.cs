using System.ComponentModel.DataAnnotations;

namespace Verifier.Api.Security;

/// <summary>
/// API keys (config section <c>Verifier:Auth</c>). With no key configured at all, the API is open and says so
/// at start; with any key configured, every <c>/v1</c> request needs one.
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    /// <summary>The configuration section (environment variables <c>Verifier__Auth__…</c>).</summary>
    public const string SectionName = "Verifier:Auth";

    /// <summary>
    /// Secret keys, sent in the <c>X-Api-Key</c> header: the key itself, or <c>sha256:</c> followed by the
    /// hexadecimal SHA-256 of its UTF-8 bytes, so that configuration need not hold the key.
    /// </summary>
    public List<string> ApiKeys { get; } = [];

    /// <summary>Keys safe to embed in a web page: only <c>GET /v1/verify</c>, only from their origins.</summary>
    public List<PublishableKeyOptions> PublishableKeys { get; } = [];

    /// <summary>
    /// Distinct domains a publishable key may have SMTP-probed within a minute. Beyond it, requests for
    /// other domains are answered from syntax and DNS only (<c>smtp_not_checked</c>), so a key copied
    /// from a web page is no free bulk verifier and cannot make the prober fan out across mail servers.
    /// </summary>
    [Range(1, 10_000)]
    public int PublishableNewDomainsPerMinute { get; set; } = 10;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (ApiKeyDigest.Check(ApiKeys[i]) is { } problem)
            {
                yield return new ValidationResult($"ApiKeys:{i}: {problem}", [nameof(ApiKeys)]);
            }
            else
            {
                secrets.Add(Convert.ToHexString(ApiKeyDigest.FromConfigured(ApiKeys[i])));
            }
        }

        for (var i = 0; i < PublishableKeys.Count; i++)
        {
            var key = PublishableKeys[i];
            if (ApiKeyDigest.Check(key.Key) is { } problem)
            {
                yield return new ValidationResult($"PublishableKeys:{i}:Key: {problem}", [nameof(PublishableKeys)]);
            }
            else if (secrets.Contains(Convert.ToHexString(ApiKeyDigest.FromConfigured(key.Key!))))
            {
                yield return new ValidationResult($"PublishableKeys:{i}:Key is also a secret key: a published key must not be one.", [nameof(PublishableKeys)]);
            }

            if (key.Origins.Count == 0)
            {
                yield return new ValidationResult($"PublishableKeys:{i}:Origins is empty: list the web origins (https://shop.example) allowed to use the key.", [nameof(PublishableKeys)]);
            }

            foreach (var origin in key.Origins)
            {
                if (!PublishableKeyOptions.TryNormalizeOrigin(origin, out _))
                {
                    yield return new ValidationResult($"PublishableKeys:{i}:Origins: '{origin}' is not a web origin such as https://shop.example or http://localhost:8080.", [nameof(PublishableKeys)]);
                }
            }
        }
    }
}
