using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Verifier.Core.Caching;

namespace Verifier.Core.Redis;

/// <summary>
/// One Redis command on a request's path, for every feature sharing the connection (cache, rate limits): skipped
/// while <see cref="RedisOutageMonitor"/> holds Redis as down, bounded by <see cref="CacheOptions.RedisTimeout"/>,
/// and a failure or time-out reported as an outage, so that it is logged once and a request never waits for
/// Redis more than once per retry interval. The caller goes on without Redis when there is no answer.
/// </summary>
public sealed class BoundedRedis(
    RedisConnection connection,
    RedisOutageMonitor monitor,
    IOptions<CacheOptions> options,
    TimeProvider time)
{
    /// <summary>Runs <paramref name="command"/>; <c>Answered</c> is false when Redis was skipped, failed or did not answer in time.</summary>
    public async ValueTask<(bool Answered, T? Value)> TryAsync<TState, T>(
        TState state,
        Func<IDatabase, TState, Task<T>> command,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!TryGetDatabase(out var database))
        {
            return (false, default);
        }

        try
        {
            var value = await Bounded(command(database, state), cancellationToken).ConfigureAwait(false);
            monitor.ReportSuccess();
            return (true, value);
        }
        catch (Exception error) when (IsOutage(error, cancellationToken))
        {
            monitor.ReportFailure(Describe(error));
            return (false, default);
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
