using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Verifier.Testing.Dns;

/// <summary>
/// A real DNS server on 127.0.0.1, UDP and TCP on the same free port, answering from a zone the test programs.
/// It behaves like a recursive resolver: unknown names are NXDOMAIN, known names without the asked type are
/// NODATA (with the zone's SOA when one was set), CNAME chains are followed into the answer, and UDP answers
/// larger than the client's EDNS size (512 without EDNS) are truncated so that the client retries over TCP.
/// All members are thread-safe; records can be changed while queries are served.
/// </summary>
/// <example>
/// <code>
/// await using var dns = LoopbackDnsServer.Start();
/// dns.Mx("example.test", 10, "mx1.example.test")
///    .A("mx1.example.test", "127.0.0.1")
///    .ServFail("broken.test");
/// var options = new DnsOptions { Servers = [dns.EndPoint.ToString()] };
/// // …
/// Assert.Equal(1, dns.QueryCount("example.test", DnsRecordType.Mx));
/// </code>
/// </example>
public sealed class LoopbackDnsServer : IAsyncDisposable
{
    private const int MaxBindAttempts = 20;
    private const int MaxTcpMessageLength = ushort.MaxValue;

    private readonly DnsZone _zone = new();
    private readonly ConcurrentDictionary<(string Name, DnsRecordType Type, DnsTransport Transport), int> _queryCounts = new();
    private readonly ConcurrentDictionary<TcpClient, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly UdpClient _udp;
    private readonly TcpListener _tcp;
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _disposed;

    private LoopbackDnsServer(UdpClient udp, TcpListener tcp)
    {
        _udp = udp;
        _tcp = tcp;
        EndPoint = (IPEndPoint)udp.Client.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    /// <summary>Where the server listens: 127.0.0.1 and a port free for both UDP and TCP. <c>ToString()</c> gives "127.0.0.1:port".</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The TTL given to records added without one. Changing it does not affect records already added.</summary>
    public TimeSpan DefaultTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True (default): answers include the whole CNAME chain inside the zone, as a recursive resolver's do.
    /// False: an answer stops at the first CNAME, as an authoritative server's does for an alias into another zone.
    /// </summary>
    public bool ChaseCnames
    {
        get => _zone.ChaseCnames;
        set => _zone.ChaseCnames = value;
    }

    /// <summary>Binds a free port on 127.0.0.1 (UDP and TCP) and starts answering.</summary>
    public static LoopbackDnsServer Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            var tcp = new TcpListener(IPAddress.Loopback, port);
            try
            {
                tcp.Start();
                return new LoopbackDnsServer(udp, tcp);
            }
            catch (SocketException) when (attempt < MaxBindAttempts)
            {
                // The TCP side of this port is taken by someone else; try another port.
                udp.Dispose();
            }
        }
    }

    /// <summary>Adds an MX record.</summary>
    public LoopbackDnsServer Mx(string domain, int preference, string exchange, TimeSpan? timeToLive = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(preference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(preference, ushort.MaxValue);
        ArgumentException.ThrowIfNullOrWhiteSpace(exchange);
        return Add(new MxZoneRecord(domain, Ttl(timeToLive), preference, exchange));
    }

    /// <summary>Adds the null MX of RFC 7505: preference 0, exchange ".".</summary>
    public LoopbackDnsServer NullMx(string domain, TimeSpan? timeToLive = null) =>
        Add(new MxZoneRecord(domain, Ttl(timeToLive), 0, string.Empty));

    /// <summary>Adds an A record.</summary>
    public LoopbackDnsServer A(string name, string address, TimeSpan? timeToLive = null) =>
        Add(new AddressZoneRecord(name, Ttl(timeToLive), ParseAddress(address, AddressFamily.InterNetwork)));

    /// <summary>Adds an AAAA record.</summary>
    public LoopbackDnsServer Aaaa(string name, string address, TimeSpan? timeToLive = null) =>
        Add(new AddressZoneRecord(name, Ttl(timeToLive), ParseAddress(address, AddressFamily.InterNetworkV6)));

    /// <summary>Makes <paramref name="name"/> an alias of <paramref name="target"/>.</summary>
    public LoopbackDnsServer Cname(string name, string target, TimeSpan? timeToLive = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return Add(new CnameZoneRecord(name, Ttl(timeToLive), target));
    }

    /// <summary>Adds a TXT record; text longer than 255 octets is split into several strings, as on the wire.</summary>
    public LoopbackDnsServer Txt(string name, string text, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Add(new TxtZoneRecord(name, Ttl(timeToLive), text));
    }

    /// <summary>
    /// Adds an SOA record for <paramref name="zone"/>; NXDOMAIN and NODATA answers for names at or below it then
    /// carry it in the authority section, with <paramref name="negativeTimeToLive"/> as its MINIMUM field (RFC 2308).
    /// </summary>
    public LoopbackDnsServer Soa(string zone, TimeSpan negativeTimeToLive, TimeSpan? timeToLive = null) =>
        Add(new SoaZoneRecord(zone, Ttl(timeToLive), negativeTimeToLive));

    /// <summary>Answers SERVFAIL for <paramref name="name"/> (only for <paramref name="type"/> when given).</summary>
    public LoopbackDnsServer ServFail(string name, DnsRecordType? type = null) => Behave(name, type, ZoneBehaviour.ServerFailure);

    /// <summary>Answers REFUSED for <paramref name="name"/> (only for <paramref name="type"/> when given).</summary>
    public LoopbackDnsServer Refused(string name, DnsRecordType? type = null) => Behave(name, type, ZoneBehaviour.Refused);

    /// <summary>Drops queries for <paramref name="name"/> without answering, so that the client times out.</summary>
    public LoopbackDnsServer NoResponse(string name, DnsRecordType? type = null) => Behave(name, type, ZoneBehaviour.NoResponse);

    /// <summary>Answers <paramref name="name"/> over UDP with the TC bit and no records; the full answer comes over TCP.</summary>
    public LoopbackDnsServer Truncate(string name, DnsRecordType? type = null) => Behave(name, type, ZoneBehaviour.Truncate);

    /// <summary>Forgets the records and scripted behaviours of <paramref name="name"/> (names below it are kept).</summary>
    public LoopbackDnsServer Remove(string name)
    {
        _zone.Remove(name);
        return this;
    }

    /// <summary>Forgets every record and scripted behaviour.</summary>
    public LoopbackDnsServer Clear()
    {
        _zone.Clear();
        return this;
    }

    /// <summary>
    /// How many queries for <paramref name="name"/> arrived (case and trailing dot ignored), optionally only those of
    /// <paramref name="type"/> or over <paramref name="transport"/>. A truncated answer retried over TCP counts twice.
    /// </summary>
    public int QueryCount(string name, DnsRecordType? type = null, DnsTransport? transport = null)
    {
        var key = DnsZone.Normalize(name);
        return _queryCounts
            .Where(entry => entry.Key.Name == key
                && (type is null || entry.Key.Type == type)
                && (transport is null || entry.Key.Transport == transport))
            .Sum(entry => entry.Value);
    }

    /// <summary>The number of queries received for any name.</summary>
    public int TotalQueryCount => _queryCounts.Values.Sum();

    /// <summary>Sets every query counter back to zero.</summary>
    public void ResetQueryCounts() => _queryCounts.Clear();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        foreach (var client in _connections.Keys)
        {
            client.Dispose();
        }

        await Task.WhenAll([_udpLoop, _tcpLoop, .. _connections.Values]);
        _stopping.Dispose();
    }

    private LoopbackDnsServer Add(ZoneRecord record)
    {
        ValidateName(record.Name);
        switch (record)
        {
            case MxZoneRecord { Exchange.Length: > 0 } mx:
                ValidateName(mx.Exchange);
                break;
            case CnameZoneRecord cname:
                ValidateName(cname.Target);
                break;
        }

        _zone.Add(record);
        return this;
    }

    /// <summary>Rejects names that cannot go on the wire: ASCII labels of 1 to 63 octets, 253 characters in all.</summary>
    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.TrimEnd('.');
        var valid = trimmed.Length is > 0 and <= 253
            && System.Text.Ascii.IsValid(trimmed)
            && trimmed.Split('.').All(label => label.Length is > 0 and <= 63);
        if (!valid)
        {
            throw new ArgumentException($"'{name}' is not a DNS name in A-label form.", nameof(name));
        }
    }

    private LoopbackDnsServer Behave(string name, DnsRecordType? type, ZoneBehaviour behaviour)
    {
        ValidateName(name);
        _zone.SetBehaviour(name, type, behaviour);
        return this;
    }

    private TimeSpan Ttl(TimeSpan? timeToLive) => timeToLive ?? DefaultTimeToLive;

    private static IPAddress ParseAddress(string address, AddressFamily family)
    {
        if (!IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != family)
        {
            throw new ArgumentException($"'{address}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address.", nameof(address));
        }

        return parsed;
    }

    /// <summary>The response to send for one query message, or null to send nothing.</summary>
    private byte[]? Respond(ReadOnlySpan<byte> message, DnsTransport transport)
    {
        if (!DnsQuery.TryParse(message, out var query) || query is null)
        {
            return null;
        }

        var type = (DnsRecordType)query.Type;
        _queryCounts.AddOrUpdate((DnsZone.Normalize(query.Name), type, transport), 1, static (_, count) => count + 1);

        var answer = query.Class == 1 ? _zone.Answer(query.Name, type) : ZoneAnswer.Failure(DnsResponseCode.Refused);
        if (answer.Drop)
        {
            return null;
        }

        var response = DnsResponseWriter.Write(query, answer, truncated: false);
        var udpLimit = query.UdpPayloadSize ?? 512;
        var truncate = transport == DnsTransport.Udp && (answer.TruncateOverUdp || response.Length > udpLimit);
        return truncate ? DnsResponseWriter.Write(query, answer, truncated: true) : response;
    }

    private async Task ServeUdpAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var response = Respond(received.Buffer, DnsTransport.Udp);
            if (response is null)
            {
                continue;
            }

            try
            {
                await _udp.SendAsync(response, received.RemoteEndPoint, stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // The client went away; nothing to do.
            }
        }
    }

    private async Task ServeTcpAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _tcp.AcceptTcpClientAsync(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _connections[client] = Task.Run(() => ServeConnectionAsync(client, stopping), CancellationToken.None);
        }
    }

    /// <summary>Serves length-prefixed queries on one TCP connection (RFC 1035 §4.2.2) until the client closes it.</summary>
    private async Task ServeConnectionAsync(TcpClient client, CancellationToken stopping)
    {
        try
        {
            var stream = client.GetStream();
            var prefix = new byte[2];
            while (!stopping.IsCancellationRequested)
            {
                await stream.ReadExactlyAsync(prefix, stopping);
                var length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                var message = new byte[length];
                await stream.ReadExactlyAsync(message, stopping);

                var response = Respond(message, DnsTransport.Tcp);
                if (response is null || response.Length > MaxTcpMessageLength)
                {
                    continue;
                }

                var framed = new byte[response.Length + 2];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                response.CopyTo(framed, 2);
                await stream.WriteAsync(framed, stopping);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException
            or ObjectDisposedException or SocketException)
        {
            // The client closed the connection or the server is stopping.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
        }
    }
}
