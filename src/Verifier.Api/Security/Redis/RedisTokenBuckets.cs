using System.Globalization;
using Verifier.Core.Caching;
using Verifier.Core.Redis;

namespace Verifier.Api.Security.Redis;

/// <summary>
/// The rate limiter's token buckets in Redis, shared by every instance: per partition a hash of the tokens left
/// and when they were last counted, updated by one script per lease of tokens (<see cref="LeasedTokens"/>). The
/// script reads Redis's own clock, so instances whose clocks differ still agree. A bucket holds a minute's permits
/// and refills evenly over a minute.
/// </summary>
internal sealed class RedisTokenBuckets(BoundedRedis redis, TimeProvider time)
{
    /// <summary>An untouched bucket is full again after a minute; its hash is kept a little longer, then it is as good as new.</summary>
    public static readonly TimeSpan KeyTimeToLive = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1);

    // ARGV: capacity (= permits refilled per minute), permits asked, lease (the most to grant, at least the permits
    // asked), key time to live in ms. Returns {tokens granted, 0} when the bucket holds the permits asked: as many
    // as it holds, up to the lease; {0, ms until the bucket holds enough} when not. Asking for 0 permits succeeds
    // while a token is left, as with the in-process token bucket.
    private const string TakeScript = """
        local capacity = tonumber(ARGV[1])
        local asked = tonumber(ARGV[2])
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or capacity
        local at = tonumber(bucket[2]) or now
        if now > at then
          tokens = math.min(capacity, tokens + (now - at) * capacity / 60000)
          at = now
        end
        local needed = math.max(asked, 1)
        local granted = 0
        local wait = 0
        if tokens >= needed then
          granted = math.min(tonumber(ARGV[3]), math.floor(tokens))
          tokens = tokens - granted
        else
          wait = math.ceil((needed - tokens) * 60000 / capacity)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return {granted, wait}
        """;

    /// <summary>The limiter of one partition of <see cref="RateLimitSetup"/>.</summary>
    public RedisTokenBucketLimiter Limiter(string partitionKey, int permitsPerMinute) =>
        new(this, BucketKey(partitionKey), permitsPerMinute, time);

    /// <summary>
    /// Takes <paramref name="permits"/> from the bucket at <paramref name="bucketKey"/>, and more up to
    /// <paramref name="lease"/> while it holds them; null when Redis did not answer.
    /// </summary>
    public async ValueTask<BucketAnswer?> TryTakeAsync(string bucketKey, int permitsPerMinute, int permits, int lease, CancellationToken cancellationToken)
    {
        var (answered, result) = await redis.TryAsync(
            (Key: bucketKey, Capacity: permitsPerMinute, Permits: permits, Lease: Math.Max(lease, permits)),
            static (database, bucket) => database.ScriptEvaluateAsync(
                TakeScript,
                [bucket.Key],
                [bucket.Capacity, bucket.Permits, bucket.Lease, (long)KeyTimeToLive.TotalMilliseconds]),
            cancellationToken);
        if (!answered || result is null)
        {
            return null;
        }

        var values = (long[])result!;
        return new BucketAnswer((int)values[0], TimeSpan.FromMilliseconds(values[1]));
    }

    /// <summary>
    /// The hash of a partition (<c>name</c> or <c>name@client address</c>, see <see cref="RateLimitSetup"/>): the key's
    /// name as it is (a name, never the key), the client address only as a hash.
    /// </summary>
    public static string BucketKey(string partitionKey)
    {
        var at = partitionKey.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? $"{CacheKeys.Prefix}v1:rate:{partitionKey}"
            : string.Create(CultureInfo.InvariantCulture, $"{CacheKeys.Prefix}v1:rate:{partitionKey[..at]}:{CacheKeys.Hash(partitionKey[(at + 1)..])}");
    }
}

/// <summary>What the shared bucket said: how many tokens it granted (none when refused), or how long until it holds enough.</summary>
internal readonly record struct BucketAnswer(int Granted, TimeSpan RetryAfter)
{
    public bool Taken => Granted > 0;
}
