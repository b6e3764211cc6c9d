using StackExchange.Redis;

namespace Verifier.Core.Redis;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of the process. Connecting starts at construction and never
/// blocks a caller: until it is connected, and whenever the link is down, <see cref="TryGetDatabase"/> says
/// no and the caller goes on without Redis. The multiplexer reconnects by itself when Redis returns.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;

    public RedisConnection(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connecting = ConnectionMultiplexer.ConnectAsync(Configure(ConfigurationOptions.Parse(connectionString)));
    }

    /// <summary>True while the multiplexer has a live connection to Redis.</summary>
    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    /// <summary>True until the first connection attempt has finished, successfully or not.</summary>
    public bool IsConnecting => !_connecting.IsCompleted;

    /// <summary>Waits for the first connection attempt, at most <paramref name="timeout"/>; true when connected.</summary>
    public async Task<bool> WaitForFirstConnectionAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _connecting.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (RedisException)
        {
            return false;
        }

        return IsConnected;
    }

    /// <summary>Why Redis cannot be used now, for health reports; null while connected.</summary>
    public string? Problem => _connecting.Status switch
    {
        TaskStatus.RanToCompletion => _connecting.Result.IsConnected ? null : "not connected: " + (_connecting.Result.GetStatus() is { Length: > 0 } status ? FirstLine(status) : "reconnecting"),
        TaskStatus.Faulted => "connection failed: " + _connecting.Exception?.GetBaseException().Message,
        _ => "connecting",
    };

    /// <summary>The multiplexer, for other features that share this connection (job queue, politeness limits).</summary>
    public Task<ConnectionMultiplexer> MultiplexerAsync => _connecting;

    /// <summary>The database when connected; false (at once, never waiting) otherwise.</summary>
    public bool TryGetDatabase(out IDatabase database)
    {
        if (_connecting.IsCompletedSuccessfully && _connecting.Result is { IsConnected: true } multiplexer)
        {
            database = multiplexer.GetDatabase();
            return true;
        }

        database = null!;
        return false;
    }

    /// <summary>
    /// Settings that keep requests fast during an outage: start even when Redis is down, fail commands at
    /// once while disconnected instead of queueing them, and try to reconnect every second.
    /// </summary>
    public static ConfigurationOptions Configure(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        return options;
    }

    public void Dispose()
    {
        if (_connecting.IsCompletedSuccessfully)
        {
            _connecting.Result.Dispose();
        }
        else
        {
            _connecting.ContinueWith(
                static t => t.Result.Dispose(),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
