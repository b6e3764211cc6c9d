using System.Net;

namespace Verifier.Api.Security;

/// <summary>How a request was let in.</summary>
internal enum ApiCallerKind
{
    /// <summary>No key is configured: the caller is known by its IP address only.</summary>
    Open,

    /// <summary>A secret key.</summary>
    Secret,

    /// <summary>A publishable key, from one of its origins.</summary>
    Publishable,
}

/// <summary>Who is calling: set by <see cref="ApiKeyMiddleware"/> as a request feature, read by the rate limiter and policies.</summary>
/// <param name="Kind">How the request was let in.</param>
/// <param name="Id">The key's name (<see cref="ApiKeyDigest.Name"/>, e.g. "secret-3f9a0c1e22b7"), never the key; null when open.</param>
/// <param name="ClientAddress">The remote IP address as text ("unknown" when the server has none).</param>
internal sealed record ApiCaller(ApiCallerKind Kind, string? Id, string ClientAddress)
{
    public static string AddressOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is IPAddress address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
}
