using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Verifier.Api.Startup;

/// <summary>
/// Tries each address the server is configured to listen on (<c>urls</c>, <c>http_ports</c>, <c>https_ports</c>,
/// <c>Kestrel:Endpoints:*:Url</c>) before the server binds, so that a port already in use is named with the other
/// problems. The default address, and addresses set in code, are left to <see cref="BindFailureServer"/>, which
/// reports a failure when the server itself binds.
/// </summary>
internal sealed class ListenAddressCheck(IConfiguration configuration) : IStartupCheck
{
    public IEnumerable<SettingProblem> Problems(IServiceProvider services)
    {
        foreach (var (key, variable, url) in ConfiguredAddresses())
        {
            if (Unusable(url) is { } reason)
            {
                yield return new SettingProblem(key, $"cannot listen on {url}: {reason}", variable);
            }
        }
    }

    private IEnumerable<(string Key, string? Variable, string Url)> ConfiguredAddresses()
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().ToList();
        if (endpoints.Count > 0)
        {
            foreach (var endpoint in endpoints)
            {
                if (endpoint["Url"] is { Length: > 0 } url)
                {
                    yield return (endpoint.GetSection("Url").Path, null, url);
                }
            }

            yield break;
        }

        if (configuration["urls"] is { Length: > 0 } urls)
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return ("urls", "ASPNETCORE_URLS", url);
            }

            yield break;
        }

        foreach (var (key, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
        {
            foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return (key, "ASPNETCORE_" + key.ToUpperInvariant(), $"{scheme}://*:{port}");
            }
        }
    }

    /// <summary>Why the server could not bind <paramref name="url"/>, or null when it can (or when it is not a TCP address).</summary>
    private static string? Unusable(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException error)
        {
            return $"{error.Message}; write it as http://host:port, such as http://0.0.0.0:8080";
        }

        if (address.IsUnixPipe || address.IsNamedPipe || address.Port == 0)
        {
            return null;
        }

        var loopback = string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase);
        IPAddress[] candidates = loopback ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : IPAddress.TryParse(address.Host, out var ip) ? [ip]
            : [IPAddress.IPv6Any];
        foreach (var candidate in candidates)
        {
            if (Bind(new IPEndPoint(candidate, address.Port)) is { } error
                && (error == SocketError.AddressAlreadyInUse || !loopback))
            {
                return error switch
                {
                    SocketError.AddressAlreadyInUse => "the port is already in use by another process; stop that process or choose another port",
                    SocketError.AccessDenied => "this user may not listen on that port; choose a port above 1023, or grant the right to bind low ports",
                    SocketError.AddressNotAvailable => "the address is not one of this machine's; use one of its addresses, or 0.0.0.0 for all",
                    _ => $"{error}; choose another address or port",
                };
            }
        }

        return null;
    }

    private static SocketError? Bind(IPEndPoint endpoint)
    {
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (!OperatingSystem.IsWindows())
            {
                // As the server does: connections of an earlier process still in TIME_WAIT do not hold the port.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endpoint);
            return null;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressFamilyNotSupported && endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            return Bind(new IPEndPoint(IPAddress.Any, endpoint.Port));
        }
        catch (SocketException error)
        {
            return error.SocketErrorCode;
        }
    }
}
