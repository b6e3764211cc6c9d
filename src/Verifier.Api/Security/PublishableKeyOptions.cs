using System.Diagnostics.CodeAnalysis;

namespace Verifier.Api.Security;

/// <summary>One publishable key (<c>Verifier:Auth:PublishableKeys:N</c>).</summary>
public sealed class PublishableKeyOptions
{
    /// <summary>The key, plain or <c>sha256:</c> + hex digest, sent as <c>X-Api-Key</c> or <c>?key=</c>.</summary>
    public string? Key { get; set; }

    /// <summary>The browser origins (<c>scheme://host[:port]</c>) whose pages may use the key.</summary>
    public List<string> Origins { get; } = [];

    /// <summary>
    /// The tenant whose secret keys may confirm the verification tokens this key's answers carry: the name of a secret
    /// key (<c>secret-</c> and 12 hex digits, see <see cref="ApiKeyDigest.Name"/>). May be left out when exactly one
    /// secret key is configured; otherwise no one can confirm this key's tokens until it is set.
    /// </summary>
    public string? Tenant { get; set; }

    /// <summary>"https://Shop.Example/" → "https://shop.example"; false for anything that is not an http(s) origin.</summary>
    public static bool TryNormalizeOrigin(string? text, [NotNullWhen(true)] out string? origin)
    {
        origin = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        return true;
    }
}
