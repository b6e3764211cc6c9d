using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;

namespace Verifier.Core.Redis;

/// <summary>
/// Remembers whether Redis is failing, for every request-path feature on it (cache, rate limits, through
/// <see cref="BoundedRedis"/>). The first failure of an outage logs one warning; until
/// <see cref="CacheOptions.RedisRetryInterval"/> has passed, callers leave Redis alone; the first success
/// after an outage logs its end. A request never waits for Redis more than once per retry interval.
/// </summary>
public sealed partial class RedisOutageMonitor(IOptions<CacheOptions> options, TimeProvider time, ILogger<RedisOutageMonitor> logger)
{
    private readonly Lock _gate = new();
    private volatile bool _down;
    private DateTimeOffset _downSince;
    private long _retryAtTicks;

    /// <summary>False from the first failure of an outage until the first success after it.</summary>
    public bool IsAvailable => !_down;

    /// <summary>When the current outage began; null while Redis is available.</summary>
    public DateTimeOffset? DownSince
    {
        get
        {
            lock (_gate)
            {
                return _down ? _downSince : null;
            }
        }
    }

    /// <summary>Whether a caller should send a command now: always while available, once per retry interval during an outage.</summary>
    public bool ShouldTry() => !_down || time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _retryAtTicks);

    public void ReportSuccess()
    {
        if (!_down)
        {
            return;
        }

        lock (_gate)
        {
            if (!_down)
            {
                return;
            }

            _down = false;
            var outage = time.GetUtcNow() - _downSince;
            LogRestored(logger, outage);
        }
    }

    public void ReportFailure(string reason)
    {
        var now = time.GetUtcNow();
        Interlocked.Exchange(ref _retryAtTicks, (now + options.Value.RedisRetryInterval).UtcTicks);
        if (_down)
        {
            return;
        }

        lock (_gate)
        {
            if (_down)
            {
                return;
            }

            _down = true;
            _downSince = now;
            LogOutage(logger, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis cache unavailable ({Reason}); requests are answered without the shared cache, and limited per instance, until it returns")]
    private static partial void LogOutage(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis cache available again after {Outage}")]
    private static partial void LogRestored(ILogger logger, TimeSpan outage);
}
