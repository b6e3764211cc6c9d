using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Verifier.Core.Caching;
using Verifier.Core.Redis;

namespace Verifier.Core.Smtp.Redis;

/// <summary>
/// The politeness limit across every instance sharing a Redis: at most
/// <see cref="SmtpOptions.MaxSessionsPerHost"/> sessions per MX host in total. Each session holds a lease (a
/// member of a sorted set per host, scored by its expiry), so the slots of an instance that dies free themselves
/// when their leases run out. The in-process limit is taken first, so one instance never polls Redis for slots
/// it could not use anyway. When Redis cannot be reached, the in-process limit alone applies: probes go on.
/// </summary>
public sealed partial class RedisHostSessionLimiter(
    RedisConnection redis,
    HostSessionLimiter local,
    IOptions<SmtpOptions> options,
    TimeProvider time,
    ILogger<RedisHostSessionLimiter> logger) : IHostSessionLimiter
{
    /// <summary>How often a waiting session asks again for a slot.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // Drop expired leases; take a slot when fewer than ARGV[2] leases remain; keep the key no longer than a lease.
    private const string AcquireScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
          redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          return 1
        end
        return 0
        """;

    public async ValueTask<IAsyncDisposable> AcquireAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var localSlot = await local.AcquireAsync(host, cancellationToken).ConfigureAwait(false);
        try
        {
            var key = (RedisKey)LeaseKey(host);
            var token = Guid.NewGuid().ToString("N");
            while (true)
            {
                switch (await TryTakeAsync(key, token).ConfigureAwait(false))
                {
                    case true:
                        return new Lease(this, key, token, localSlot);
                    case null:
                        return localSlot;
                }

                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await localSlot.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>True: a slot was taken. False: all slots are held. Null: Redis is unavailable.</summary>
    private async Task<bool?> TryTakeAsync(RedisKey key, string token)
    {
        if (!redis.TryGetDatabase(out var database))
        {
            return null;
        }

        // A lease outlives the longest a probe may take, so a live session never loses its slot.
        var leaseMs = (long)(options.Value.ProbeTimeout + options.Value.ConnectTimeout).TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            var taken = await database.ScriptEvaluateAsync(
                AcquireScript,
                [key],
                [now, options.Value.MaxSessionsPerHost, now + leaseMs, token, leaseMs]).ConfigureAwait(false);
            return (int)taken == 1;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            LogRedisUnavailable(logger, error.Message);
            return null;
        }
    }

    private async Task ReleaseAsync(RedisKey key, string token)
    {
        if (!redis.TryGetDatabase(out var database))
        {
            return;
        }

        try
        {
            await database.SortedSetRemoveAsync(key, token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            // The lease expires by itself.
            LogRedisUnavailable(logger, error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shared SMTP session limit unavailable, using the in-process limit: {Reason}")]
    private static partial void LogRedisUnavailable(ILogger logger, string reason);

    private sealed class Lease(RedisHostSessionLimiter owner, RedisKey key, string token, IAsyncDisposable localSlot) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            try
            {
                await owner.ReleaseAsync(key, token).ConfigureAwait(false);
            }
            finally
            {
                await localSlot.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The sorted set of a host's session leases (MX host names are not personal data).</summary>
    public static string LeaseKey(string host) => string.Create(CultureInfo.InvariantCulture, $"{CacheKeys.Prefix}v1:smtp-sessions:{host.ToLowerInvariant()}");
}
