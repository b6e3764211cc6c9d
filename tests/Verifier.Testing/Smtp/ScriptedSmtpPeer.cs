using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Verifier.Testing.Smtp;

/// <summary>
/// A raw TCP peer on 127.0.0.1 for the misbehaviour a real SMTP server library will not produce: a script runs
/// for every connection and writes whatever bytes it likes. Ready-made scripts cover the usual cases.
/// <code>
/// await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
/// {
///     await connection.WriteLineAsync("220 mx.test ESMTP", ct);
///     await connection.AnswerCommandsAsync(line => line.StartsWith("RCPT") ? "421 4.3.2 Bye" : "250 Ok", ct);
/// });
/// await using var silent = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.NeverAnswer);
/// </code>
/// </summary>
public sealed class ScriptedSmtpPeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedSmtpConnection, CancellationToken, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _connectionCount;

    private ScriptedSmtpPeer(Func<ScriptedSmtpConnection, CancellationToken, Task> script, IPEndPoint? endPoint)
    {
        _script = script;
        _listener = new TcpListener(endPoint ?? new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The address the peer listens on (127.0.0.1 unless given).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port the peer listens on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Lines clients sent that scripts read (CR LF removed), all connections in order of arrival.</summary>
    public IReadOnlyList<string> ReceivedLines => [.. _received];

    /// <summary>
    /// Starts listening on 127.0.0.1 and a free port, or on <paramref name="endPoint"/> (e.g. 127.0.0.2 and the port of
    /// another server, so that both answer on the one port the prober uses); <paramref name="script"/> runs once per
    /// connection, which is closed when it returns.
    /// </summary>
    public static ScriptedSmtpPeer Start(Func<ScriptedSmtpConnection, CancellationToken, Task> script, IPEndPoint? endPoint = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new ScriptedSmtpPeer(script, endPoint);
    }

    /// <summary>A greeting with this code and text, then "250" to every command (e.g. 421 or 554 at the banner).</summary>
    public static Func<ScriptedSmtpConnection, CancellationToken, Task> Banner(int code, string text) => async (connection, ct) =>
    {
        await connection.WriteLineAsync($"{code} {text}", ct);
        await connection.AnswerCommandsAsync(_ => code == 421 ? null : "250 Ok", ct);
    };

    /// <summary>Accepts the connection and never sends a byte.</summary>
    public static Task NeverAnswer(ScriptedSmtpConnection connection, CancellationToken cancellationToken) =>
        connection.HoldOpenAsync(cancellationToken);

    /// <summary>Waits, then behaves as a plain server accepting every recipient.</summary>
    public static Func<ScriptedSmtpConnection, CancellationToken, Task> DelayedBanner(TimeSpan delay) => async (connection, ct) =>
    {
        await Task.Delay(delay, ct);
        await AcceptEverything(connection, ct);
    };

    /// <summary>Sends "220 " and then one byte of text every <paramref name="interval"/>, never ending the line.</summary>
    public static Func<ScriptedSmtpConnection, CancellationToken, Task> Drip(TimeSpan interval) => async (connection, ct) =>
    {
        await connection.WriteAsync("220 ", ct);
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, ct);
            await connection.WriteAsync("x", ct);
        }
    };

    /// <summary>Sends "220 " and then text without CR LF as fast as the client reads it.</summary>
    public static Task EndlessLine(ScriptedSmtpConnection connection, CancellationToken cancellationToken) =>
        connection.WriteForeverAsync("220 ", new string('a', 8192), cancellationToken);

    /// <summary>A greeting of <paramref name="lines"/> continuation lines ("220-…") before the last.</summary>
    public static Func<ScriptedSmtpConnection, CancellationToken, Task> ContinuationLines(int lines) => async (connection, ct) =>
    {
        var greeting = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            greeting.Append("220-line ").Append(i).Append("\r\n");
        }

        await connection.WriteAsync(greeting.Append("220 ready\r\n").ToString(), ct);
        await connection.AnswerCommandsAsync(_ => "250 Ok", ct);
    };

    /// <summary>Sends random bytes that are not an SMTP reply, then holds the connection open.</summary>
    public static async Task Garbage(ScriptedSmtpConnection connection, CancellationToken cancellationToken)
    {
        var bytes = new byte[256];
        new Random(6890).NextBytes(bytes);
        bytes[0] = (byte)'X';
        bytes[^2] = (byte)'\r';
        bytes[^1] = (byte)'\n';
        await connection.WriteAsync(bytes, cancellationToken);
        await connection.HoldOpenAsync(cancellationToken);
    }

    /// <summary>Starts a multi-line greeting, then resets the connection (TCP RST) in the middle of it.</summary>
    public static async Task ResetMidReply(ScriptedSmtpConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteAsync("220-mx.test first line\r\n220-second li", cancellationToken);
        await Task.Delay(50, cancellationToken);
        connection.Reset();
    }

    /// <summary>A minimal well-behaved server: greeting, 250 to every command, 221 to QUIT.</summary>
    public static async Task AcceptEverything(ScriptedSmtpConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLineAsync("220 mx.test ESMTP", cancellationToken);
        await connection.AnswerCommandsAsync(_ => "250 Ok", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopping: scripts end as their connection is cut.
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(() => RunAsync(socket)));
        }
    }

    private async Task RunAsync(Socket socket)
    {
        using var connection = new ScriptedSmtpConnection(socket, _received);
        try
        {
            await _script(connection, _stop.Token);
            connection.Close();
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The client went away or the peer is stopping.
        }
    }
}

/// <summary>One accepted connection of a <see cref="ScriptedSmtpPeer"/>.</summary>
public sealed class ScriptedSmtpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly ConcurrentQueue<string> _received;
    private readonly List<byte> _line = [];
    private readonly byte[] _buffer = new byte[4096];
    private int _bufferStart;
    private int _bufferEnd;

    internal ScriptedSmtpConnection(Socket socket, ConcurrentQueue<string> received)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _received = received;
    }

    /// <summary>Writes text as is (UTF-8, no line ending added).</summary>
    public Task WriteAsync(string text, CancellationToken cancellationToken) =>
        WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Writes raw bytes.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Writes one line followed by CR LF.</summary>
    public Task WriteLineAsync(string line, CancellationToken cancellationToken) => WriteAsync(line + "\r\n", cancellationToken);

    /// <summary>Writes <paramref name="prefix"/>, then <paramref name="chunk"/> again and again until the client goes away.</summary>
    public async Task WriteForeverAsync(string prefix, string chunk, CancellationToken cancellationToken)
    {
        await WriteAsync(prefix, cancellationToken);
        var bytes = Encoding.UTF8.GetBytes(chunk);
        while (!cancellationToken.IsCancellationRequested)
        {
            await WriteAsync(bytes, cancellationToken);
        }
    }

    /// <summary>Reads one line from the client (CR LF removed, recorded); null when the client closed the connection.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_bufferStart < _bufferEnd)
            {
                var b = _buffer[_bufferStart++];
                if (b == (byte)'\n')
                {
                    var count = _line.Count > 0 && _line[^1] == (byte)'\r' ? _line.Count - 1 : _line.Count;
                    var line = Encoding.UTF8.GetString([.. _line.Take(count)]);
                    _line.Clear();
                    _received.Enqueue(line);
                    return line;
                }

                _line.Add(b);
            }

            _bufferStart = 0;
            _bufferEnd = await _stream.ReadAsync(_buffer, cancellationToken);
            if (_bufferEnd == 0)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Answers each command line with <paramref name="reply"/>(line) (one or more lines separated by CR LF, CR LF added);
    /// a null answer closes the connection. QUIT gets "221 Bye" and ends the dialogue.
    /// </summary>
    public async Task AnswerCommandsAsync(Func<string, string?> reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
            {
                await WriteLineAsync("221 Bye", cancellationToken);
                return;
            }

            if (reply(line) is not { } answer)
            {
                return;
            }

            await WriteLineAsync(answer, cancellationToken);
        }
    }

    /// <summary>Reads and records whatever the client sends, answering nothing, until it closes or the peer stops.</summary>
    public async Task HoldOpenAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is not null)
        {
        }
    }

    /// <summary>Aborts the connection with a TCP RST.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    internal void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed by the client or by Reset.
        }

        _socket.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }
}
