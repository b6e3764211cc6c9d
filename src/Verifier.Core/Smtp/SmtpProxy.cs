using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Verifier.Core.Smtp;

/// <summary>A parsed <see cref="SmtpOptions.Proxy"/> value.</summary>
/// <param name="Host">The proxy's host name or address.</param>
/// <param name="Port">The proxy's port (1080 when the URI has none).</param>
/// <param name="Credentials">User name and password for RFC 1929 authentication, when the URI has them.</param>
internal sealed record SmtpProxy(string Host, int Port, NetworkCredential? Credentials)
{
    private const int DefaultSocksPort = 1080;

    /// <summary>Parses <c>socks5://[user:password@]host[:port]</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SmtpProxy? proxy, [NotNullWhen(false)] out string? error)
    {
        proxy = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            error = "Proxy must be a URI such as socks5://user:password@proxy.example.net:1080.";
            return false;
        }

        if (!string.Equals(uri.Scheme, "socks5", StringComparison.OrdinalIgnoreCase))
        {
            error = $"Proxy scheme '{uri.Scheme}' is not supported; use socks5://.";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host) || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0)
        {
            error = "Proxy must name a host and nothing else: socks5://[user:password@]host[:port].";
            return false;
        }

        NetworkCredential? credentials = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            credentials = new NetworkCredential(user, password);
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        proxy = new SmtpProxy(host, uri.IsDefaultPort || uri.Port < 0 ? DefaultSocksPort : uri.Port, credentials);
        error = null;
        return true;
    }

    /// <summary>The proxy without its password, for logs and errors.</summary>
    public override string ToString() => $"socks5://{Host}:{Port}";
}
