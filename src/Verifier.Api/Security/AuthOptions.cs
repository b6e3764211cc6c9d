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
                yield return new ValidationResult(problem, [nameof(ApiKeys), $"{nameof(ApiKeys)}:{i}"]);
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
                yield return new ValidationResult(problem, [nameof(PublishableKeys), $"{nameof(PublishableKeys)}:{i}:Key"]);
            }
            else if (secrets.Contains(Convert.ToHexString(ApiKeyDigest.FromConfigured(key.Key!))))
            {
                yield return new ValidationResult(
                    "is also a secret key, and a key published in a web page must not be one; give the page a key of its own",
                    [nameof(PublishableKeys), $"{nameof(PublishableKeys)}:{i}:Key"]);
            }

            if (key.Origins.Count == 0)
            {
                yield return new ValidationResult(
                    "is empty, so no page could use the key; list the web origins allowed to use it as Origins:0, Origins:1, …, such as https://shop.example",
                    [nameof(PublishableKeys), $"{nameof(PublishableKeys)}:{i}:Origins"]);
            }

            for (var o = 0; o < key.Origins.Count; o++)
            {
                if (!PublishableKeyOptions.TryNormalizeOrigin(key.Origins[o], out _))
                {
                    yield return new ValidationResult(
                        $"'{key.Origins[o]}' is not a web origin; write scheme://host[:port] with no path, such as https://shop.example or http://localhost:8080",
                        [nameof(PublishableKeys), $"{nameof(PublishableKeys)}:{i}:Origins:{o}"]);
                }
            }
        }
    }
}
