using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Verifier.Testing.Smtp;

/// <summary>
/// A minimal SOCKS5 proxy (RFC 1928: CONNECT only; no authentication, or user name and password per RFC 1929)
/// on 127.0.0.1 that relays to loopback destinations only and counts what it was asked.
/// <code>
/// await using var proxy = LoopbackSocks5Server.Start(new NetworkCredential("probe", "secret"));
/// options.Proxy = proxy.ProxyUri;       // "socks5://probe:secret@127.0.0.1:port"
/// Assert.Equal(1, proxy.ConnectionCount);
/// </code>
/// </summary>
public sealed class LoopbackSocks5Server : IAsyncDisposable
{
    private const byte Version = 5;
    private const byte NoAuthentication = 0;
    private const byte UserPassword = 2;
    private const byte NoAcceptableMethod = 0xFF;

    private readonly TcpListener _listener;
    private readonly NetworkCredential? _credentials;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<IPEndPoint> _destinations = new();
    private readonly ConcurrentBag<Task> _relays = [];
    private readonly Task _accepting;
    private int _connectionCount;
    private int _authenticationFailures;

    private LoopbackSocks5Server(NetworkCredential? credentials)
    {
        _credentials = credentials;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The address the proxy listens on (127.0.0.1).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port the proxy listens on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>The proxy as a <c>socks5://</c> URI, with the credentials when it requires them.</summary>
    public string ProxyUri => _credentials is null
        ? $"socks5://127.0.0.1:{Port}"
        : $"socks5://{Uri.EscapeDataString(_credentials.UserName)}:{Uri.EscapeDataString(_credentials.Password)}@127.0.0.1:{Port}";

    /// <summary>Client connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Clients that offered wrong credentials or no acceptable method.</summary>
    public int AuthenticationFailures => Volatile.Read(ref _authenticationFailures);

    /// <summary>The destinations clients asked for with CONNECT, in order.</summary>
    public IReadOnlyList<IPEndPoint> Destinations => [.. _destinations];

    /// <summary>Starts a proxy; with <paramref name="credentials"/> it requires RFC 1929 authentication.</summary>
    public static LoopbackSocks5Server Start(NetworkCredential? credentials = null) => new(credentials);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll([_accepting, .. _relays]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopping: relays end as their connections are cut.
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            _relays.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var ct = _stop.Token;
        using var clientStream = new NetworkStream(client, ownsSocket: true);
        try
        {
            if (!await NegotiateAsync(clientStream, ct))
            {
                Interlocked.Increment(ref _authenticationFailures);
                return;
            }

            var request = await ReadExactlyAsync(clientStream, 4, ct);
            if (request[0] != Version || request[1] != 1)
            {
                await ReplyAsync(clientStream, 7, ct); // command not supported
                return;
            }

            IPAddress address;
            switch (request[3])
            {
                case 1:
                    address = new IPAddress(await ReadExactlyAsync(clientStream, 4, ct));
                    break;
                case 4:
                    address = new IPAddress(await ReadExactlyAsync(clientStream, 16, ct));
                    break;
                default:
                    await ReplyAsync(clientStream, 8, ct); // address type not supported: names are never relayed
                    return;
            }

            var port = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(clientStream, 2, ct));
            var destination = new IPEndPoint(address, port);
            _destinations.Enqueue(destination);
            if (!IPAddress.IsLoopback(address))
            {
                await ReplyAsync(clientStream, 2, ct); // not allowed by ruleset: loopback only
                return;
            }

            using var upstream = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(destination, ct);
            }
            catch (SocketException)
            {
                await ReplyAsync(clientStream, 5, ct); // connection refused
                return;
            }

            await ReplyAsync(clientStream, 0, ct);
            using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            using var relay = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var toServer = clientStream.CopyToAsync(upstreamStream, relay.Token);
            var toClient = upstreamStream.CopyToAsync(clientStream, relay.Token);
            await Task.WhenAny(toServer, toClient);
            await relay.CancelAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or EndOfStreamException or ObjectDisposedException)
        {
            // A side went away.
        }
    }

    private async Task<bool> NegotiateAsync(NetworkStream stream, CancellationToken ct)
    {
        var header = await ReadExactlyAsync(stream, 2, ct);
        if (header[0] != Version)
        {
            return false;
        }

        var methods = await ReadExactlyAsync(stream, header[1], ct);
        var wanted = _credentials is null ? NoAuthentication : UserPassword;
        if (!methods.Contains(wanted))
        {
            await stream.WriteAsync(new byte[] { Version, NoAcceptableMethod }, ct);
            return false;
        }

        await stream.WriteAsync(new byte[] { Version, wanted }, ct);
        if (_credentials is null)
        {
            return true;
        }

        var version = await ReadExactlyAsync(stream, 2, ct);
        var user = Encoding.UTF8.GetString(await ReadExactlyAsync(stream, version[1], ct));
        var passwordLength = await ReadExactlyAsync(stream, 1, ct);
        var password = Encoding.UTF8.GetString(await ReadExactlyAsync(stream, passwordLength[0], ct));
        var ok = version[0] == 1 && user == _credentials.UserName && password == _credentials.Password;
        await stream.WriteAsync(new byte[] { 1, (byte)(ok ? 0 : 1) }, ct);
        return ok;
    }

    private static async Task ReplyAsync(NetworkStream stream, byte code, CancellationToken ct) =>
        await stream.WriteAsync(new byte[] { Version, code, 0, 1, 0, 0, 0, 0, 0, 0 }, ct);

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, ct);
        return buffer;
    }
}
