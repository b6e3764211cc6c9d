using System.Threading.RateLimiting;

namespace Verifier.Api.Security.Redis;

/// <summary>
/// One partition's token bucket, kept in Redis (<see cref="RedisTokenBuckets"/>) and shared by every instance, its
/// tokens taken a lease at a time (<see cref="LeasedTokens"/>). Redis is only asked asynchronously:
/// <see cref="AttemptAcquireCore"/> says no without asking, which sends ASP.NET Core's rate limiting middleware on to
/// <see cref="AcquireAsyncCore"/>. When Redis does not answer, the partition's in-process bucket decides, so the
/// limit still holds per instance during an outage.
/// </summary>
internal sealed class RedisTokenBucketLimiter : RateLimiter
{
    private readonly LeasedTokens _leased;
    private readonly int _permitsPerMinute;
    private readonly TimeProvider _time;
    private readonly Lazy<TokenBucketRateLimiter> _local;
    private long _lastUsed;
    private int _inFlight;

    public RedisTokenBucketLimiter(RedisTokenBuckets buckets, string bucketKey, int permitsPerMinute, TimeProvider time)
    {
        _leased = new LeasedTokens(buckets, bucketKey, permitsPerMinute, time);
        _permitsPerMinute = permitsPerMinute;
        _time = time;
        _local = new Lazy<TokenBucketRateLimiter>(() => new TokenBucketRateLimiter(RateLimitSetup.Bucket(permitsPerMinute)));
        _lastUsed = time.GetTimestamp();
    }

    /// <summary>
    /// Null (not idle) while a request is asking Redis or the in-process bucket holds spent tokens: the partitioned
    /// limiter disposes limiters that have been idle a while, and must neither cut a request short nor forget a bucket.
    /// Leased tokens need no check: they were granted to a request at most <see cref="LeasedTokens.HoldFor"/> ago, far
    /// less than the partitioned limiter's 10 s of idleness, and losing them would only hold back a lease.
    /// </summary>
    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _inFlight) > 0 || (_local.IsValueCreated && _local.Value.IdleDuration is null)
            ? null
            : _time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _local.IsValueCreated ? _local.Value.GetStatistics() : null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => BucketLease.NotAsked;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitsPerMinute);
        Interlocked.Increment(ref _inFlight);
        try
        {
            Interlocked.Exchange(ref _lastUsed, _time.GetTimestamp());
            return await _leased.TakeAsync(permitCount, cancellationToken)
                ?? await _local.Value.AcquireAsync(permitCount, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _local.IsValueCreated)
        {
            _local.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        if (_local.IsValueCreated)
        {
            await _local.Value.DisposeAsync();
        }

        await base.DisposeAsyncCore();
    }
}
