using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Verifier.Testing.Network;
using Verifier.Testing.Programs;

namespace Verifier.Testing.Redis;

/// <summary>
/// A real <c>redis-server</c> of the test's own, on 127.0.0.1 and a free port, without persistence. It is
/// stopped by its process id (never by name), can be killed and restarted on the same port to play an
/// outage, and paused with SIGSTOP to play a Redis that hangs.
/// A machine without <c>redis-server</c> fails the test with how to install it; nothing is skipped.
/// <code>
/// await using var redis = await RedisServer.StartAsync();
/// var connectionString = redis.ConnectionString;   // "127.0.0.1:port"
/// await redis.KillAsync();                          // outage
/// await redis.StartAgainAsync();                    // same port, empty data
/// </code>
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly string _executable;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>The port the server listens on, kept across <see cref="StartAgainAsync"/>.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The id of the running server process; null while killed.</summary>
    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    /// <summary>Starts a server on a free loopback port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = FindExecutable();
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = new RedisServer(executable, LoopbackPorts.Free());
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException error)
            {
                // Another process may have taken the port between probing and binding it.
                last = error;
                await server.DisposeAsync();
            }
        }

        throw new InvalidOperationException("redis-server did not start.", last);
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it answers PING. Data does not survive a kill.</summary>
    public async Task StartAgainAsync()
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--daemonize", "no"])
        {
            start.ArgumentList.Add(argument);
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException($"{_executable} did not start.");
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        _process = started;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {started.ExitCode} on port {Port}:\n{Output()}");
            }

            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(20);
        }

        await KillAsync();
        throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds} s:\n{Output()}");
    }

    /// <summary>Kills the server process (SIGKILL, by its id) and waits for it to exit: connections drop at once.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } running)
        {
            return;
        }

        _process = null;
        if (!running.HasExited)
        {
            running.Kill();
            await running.WaitForExitAsync();
        }

        running.Dispose();
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing is answered, as with a hung Redis.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>True when the server answers PING now.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception error) when (error is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await ResumeAsync();
        }

        await KillAsync();
    }

    /// <summary>
    /// <c>$REDIS_SERVER</c>, else <c>redis-server</c> on the PATH or in the usual places. Missing: an error that
    /// says how to install it, so that a test run without Redis fails instead of passing without testing anything.
    /// </summary>
    public static string FindExecutable() => ExternalProgram.RedisServer.Find();

    private async Task SignalAsync(string signal)
    {
        if (ProcessId is not { } id)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
