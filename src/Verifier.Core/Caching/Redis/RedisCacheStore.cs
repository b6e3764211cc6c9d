using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Verifier.Core.Caching.Redis;

/// <summary>
/// The shared cache on Redis: plain string values with a server-side expiry. Every call is bounded by
/// <see cref="CacheOptions.RedisTimeout"/>; a failure or time-out counts as an outage and the call answers
/// as a miss (reads) or is dropped (writes).
/// </summary>
public sealed class RedisCacheStore(
    RedisConnection connection,
    RedisOutageMonitor monitor,
    IOptions<CacheOptions> options,
    TimeProvider time) : ISharedCacheStore
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!TryGetDatabase(out var database))
        {
            return null;
        }

        try
        {
            var value = await Bounded(database.StringGetAsync(key), cancellationToken).ConfigureAwait(false);
            monitor.ReportSuccess();
            return value.IsNull ? null : (byte[]?)value;
        }
        catch (Exception error) when (IsOutage(error, cancellationToken))
        {
            monitor.ReportFailure(Describe(error));
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (!TryGetDatabase(out var database))
        {
            return;
        }

        try
        {
            await Bounded(database.StringSetAsync(key, value, timeToLive), cancellationToken).ConfigureAwait(false);
            monitor.ReportSuccess();
        }
        catch (Exception error) when (IsOutage(error, cancellationToken))
        {
            monitor.ReportFailure(Describe(error));
        }
    }

    private bool TryGetDatabase(out IDatabase database)
    {
        database = null!;
        if (!monitor.ShouldTry())
        {
            return false;
        }

        if (connection.TryGetDatabase(out database))
        {
            return true;
        }

        // Still making the first connection: not an outage yet, just not usable.
        if (connection.IsConnecting)
        {
            return false;
        }

        monitor.ReportFailure(connection.Problem ?? "not connected");
        return false;
    }

    /// <summary>Waits at most the configured time; a command abandoned here has its eventual failure observed.</summary>
    private Task<T> Bounded<T>(Task<T> command, CancellationToken cancellationToken)
    {
        if (command.IsCompleted)
        {
            return command;
        }

        _ = command.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return command.WaitAsync(options.Value.RedisTimeout, time, cancellationToken);
    }

    private static bool IsOutage(Exception error, CancellationToken cancellationToken) =>
        error is TimeoutException or RedisException or ObjectDisposedException or IOException
        || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private string Describe(Exception error) => error switch
    {
        TimeoutException when error is not RedisTimeoutException => $"no answer within {options.Value.RedisTimeout.TotalMilliseconds:0} ms",
        _ => error.GetType().Name + ": " + error.Message,
    };
}
