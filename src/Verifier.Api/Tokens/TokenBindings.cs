using Microsoft.Extensions.Options;
using Verifier.Api.Security;

namespace Verifier.Api.Tokens;

/// <summary>
/// Which tenant may confirm the tokens of which publishable key. A tenant is a secret key's name (DESIGN.md, Tenants);
/// a publishable key belongs to the tenant its <see cref="PublishableKeyOptions.Tenant"/> names, or to the only secret
/// key when exactly one is configured. A token names its publishable key, so the binding is looked up when the token
/// is confirmed: a key removed from the configuration, or moved to another tenant, takes its tokens with it.
/// </summary>
internal sealed class TokenBindings
{
    /// <summary>The key name tokens carry when the API is open (no key configured).</summary>
    public const string OpenKeyName = "open";

    private readonly Dictionary<string, string?> _tenantOfPublishable;

    public TokenBindings(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        SecretNames = SecretKeyNames(auth);
        var onlyTenant = SecretNames.Distinct(StringComparer.Ordinal).Count() == 1 ? SecretNames[0] : null;
        _tenantOfPublishable = new Dictionary<string, string?>(StringComparer.Ordinal);
        PublishableNames = [];
        foreach (var key in auth.PublishableKeys)
        {
            var name = ApiKeyDigest.Name("publishable", ApiKeyDigest.FromConfigured(key.Key!));
            PublishableNames.Add(name);
            _tenantOfPublishable[name] = string.IsNullOrWhiteSpace(key.Tenant) ? onlyTenant : key.Tenant.Trim();
        }
    }

    /// <summary>The names of the configured secret keys, in configuration order.</summary>
    public IReadOnlyList<string> SecretNames { get; }

    /// <summary>The names of the configured publishable keys, in configuration order.</summary>
    public List<string> PublishableNames { get; }

    /// <summary>The tenant whose secret keys may confirm tokens of <paramref name="publishableName"/>; null when none may.</summary>
    public string? TenantOf(string publishableName) => _tenantOfPublishable.GetValueOrDefault(publishableName);

    /// <summary>Whether a caller (a secret key's name, or null when the API is open) may confirm a token issued to <paramref name="keyName"/>.</summary>
    public bool MayConfirm(string? callerName, string keyName) => callerName is null
        ? keyName == OpenKeyName
        : TenantOf(keyName) is { } tenant && string.Equals(tenant, callerName, StringComparison.Ordinal);

    /// <summary>Names of the usable secret keys of <paramref name="auth"/> (unusable ones are reported by its own validation).</summary>
    public static string[] SecretKeyNames(AuthOptions auth) =>
        [.. auth.ApiKeys.Where(k => ApiKeyDigest.Check(k) is null).Select(k => ApiKeyDigest.Name("secret", ApiKeyDigest.FromConfigured(k)))];
}
