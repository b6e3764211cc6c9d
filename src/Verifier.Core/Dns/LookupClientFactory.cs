using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsClient;

namespace Verifier.Core.Dns;

/// <summary>Builds the DnsClient <see cref="ILookupClient"/> described by <see cref="DnsOptions"/>.</summary>
public static class LookupClientFactory
{
    /// <summary>The DNS port used when a server is given without one.</summary>
    public const int DefaultPort = 53;

    /// <summary>
    /// A client that queries <see cref="DnsOptions.Servers"/> in order (or the system's resolvers), without a cache
    /// of its own (the domain-facts cache owns caching), returning DNS error codes rather than throwing them, and
    /// retrying over TCP when a UDP answer is truncated. Host names in the server list are resolved here, once.
    /// </summary>
    /// <exception cref="FormatException">A server entry is not <c>host</c>, <c>host:port</c> or <c>[ipv6]:port</c>.</exception>
    /// <exception cref="SocketException">A server host name does not resolve.</exception>
    public static ILookupClient Create(DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var servers = options.Servers
            .Select(ParseServer)
            .SelectMany(server => ResolveServer(server.Host, server.Port))
            .Select(endPoint => new NameServer(endPoint))
            .ToArray();

        var lookupOptions = servers.Length == 0 ? new LookupClientOptions() : new LookupClientOptions(servers);
        lookupOptions.UseCache = false;
        lookupOptions.ThrowDnsErrors = false;
        lookupOptions.Timeout = options.Timeout;
        lookupOptions.Retries = options.Retries;
        lookupOptions.UseTcpFallback = true;
        lookupOptions.UseRandomNameServer = false;
        // SERVFAIL or REFUSED from one server: ask the next. An empty (NODATA) answer is an answer.
        lookupOptions.ContinueOnDnsError = true;
        lookupOptions.ContinueOnEmptyResponse = false;

        return new LookupClient(lookupOptions);
    }

    /// <summary>
    /// Splits a server entry into host and port: <c>10.0.0.53</c>, <c>10.0.0.53:5353</c>, <c>dns.internal</c>,
    /// <c>dns.internal:5353</c>, <c>::1</c>, <c>[::1]</c>, <c>[::1]:5353</c>.
    /// </summary>
    /// <exception cref="FormatException">The entry is none of those forms.</exception>
    public static (string Host, int Port) ParseServer(string value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new FormatException("A DNS server entry is empty.");
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"DNS server '{value}': missing ']'.");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? rest[1..] : throw new FormatException($"DNS server '{value}': expected ':port' after ']'.");
            }

            if (!IPAddress.TryParse(host, out var bracketed) || bracketed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                throw new FormatException($"DNS server '{value}': only IPv6 addresses go in brackets.");
            }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // More than one colon without brackets: a bare IPv6 address, never with a port.
            host = IPAddress.TryParse(text, out _) ? text : throw new FormatException($"DNS server '{value}': not an IPv6 address; write [address]:port.");
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new FormatException($"DNS server '{value}': '{host}' is not a host name or address.");
        }

        if (port is null)
        {
            return (host, DefaultPort);
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new FormatException($"DNS server '{value}': '{port}' is not a port number.");
        }

        return (host, number);
    }

    private static IEnumerable<IPEndPoint> ResolveServer(string host, int port)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return [new IPEndPoint(address, port)];
        }

        var addresses = System.Net.Dns.GetHostAddresses(host);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return addresses.Select(a => new IPEndPoint(a, port));
    }
}
