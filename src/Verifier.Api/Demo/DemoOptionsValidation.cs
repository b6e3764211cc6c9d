using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Verifier.Api.Security;

namespace Verifier.Api.Demo;

/// <summary>The demo's keys, when given, must be keys the service knows: otherwise its page could not work.</summary>
internal sealed class DemoOptionsValidation(IOptions<AuthOptions> auth) : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        var failures = new List<string>();
        var keys = auth.Value;
        if (!string.IsNullOrEmpty(options.PublishableKey)
            && !keys.PublishableKeys.Any(k => ApiKeyDigest.Check(k.Key) is null && Same(k.Key!, options.PublishableKey)))
        {
            failures.Add("Verifier:Demo:PublishableKey is not one of Verifier:Auth:PublishableKeys.");
        }

        if (!string.IsNullOrEmpty(options.SecretKey)
            && !keys.ApiKeys.Any(k => ApiKeyDigest.Check(k) is null && Same(k, options.SecretKey)))
        {
            failures.Add("Verifier:Demo:SecretKey is not one of Verifier:Auth:ApiKeys.");
        }

        if (options.ApiAddress is { } address && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add("Verifier:Demo:ApiAddress must be an absolute http(s) address, such as http://127.0.0.1:8080/.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool Same(string configured, string presented) =>
        CryptographicOperations.FixedTimeEquals(ApiKeyDigest.FromConfigured(configured), ApiKeyDigest.Of(presented));
}
