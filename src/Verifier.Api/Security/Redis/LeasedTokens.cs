namespace Verifier.Api.Security.Redis;

/// <summary>
/// One partition's tokens taken from its shared bucket (<see cref="RedisTokenBuckets"/>) a lease at a time and spent
/// here, so a busy partition asks Redis about once per lease rather than once per request. Tokens not spent within
/// <see cref="HoldFor"/> are dropped, never given back: an instance holds back at most one lease of the shared
/// allowance, and never admits more than Redis granted it. After a refusal, requests are refused here until the
/// wait Redis gave has passed: the shared bucket cannot hold a token before then, and a caller over its limit
/// then costs Redis one call per wait rather than one per request.
/// </summary>
internal sealed class LeasedTokens(RedisTokenBuckets buckets, string bucketKey, int permitsPerMinute, TimeProvider time)
{
    /// <summary>How long granted tokens may wait here for a request.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(1);

    // One lock over the held tokens and the refill in flight, so that finding no token and starting a refill is one
    // step: requests of a busy partition arrive together, and only the first that finds none asks Redis; the others
    // wait for its answer (a refusal or an outage is theirs too) instead of each sending their own.
    private readonly Lock _gate = new();
    private readonly int _lease = LeaseSize(permitsPerMinute);
    private int _held;
    private long _heldSince;
    private Task<BucketAnswer?>? _refill;
    private long _refusedAt;
    private TimeSpan _refusedFor;

    /// <summary>The tokens a bucket refills in 100 ms, at least 1: up to 1,199 a minute, every request asks Redis.</summary>
    public static int LeaseSize(int permitsPerMinute) => Math.Max(1, permitsPerMinute / 600);

    /// <summary>
    /// Spends <paramref name="permitCount"/> held tokens, or asks Redis for a lease: acquired, refused with the wait
    /// Redis gave, or null when Redis did not answer.
    /// </summary>
    public async ValueTask<BucketLease?> TakeAsync(int permitCount, CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<BucketAnswer?>? asking = null;
            Task<BucketAnswer?> pending;
            lock (_gate)
            {
                if (TrySpendHeld(permitCount))
                {
                    return BucketLease.Acquired;
                }

                var waitLeft = _refusedFor - time.GetElapsedTime(_refusedAt);
                if (waitLeft > TimeSpan.Zero)
                {
                    return BucketLease.Refused(waitLeft);
                }

                if (_refill is null)
                {
                    asking = new TaskCompletionSource<BucketAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _refill = asking.Task;
                }

                pending = _refill;
            }

            if (asking is not null)
            {
                // The asker's own permits come out of the answer before the rest is held for the others.
                await RefillAsync(permitCount, asking).WaitAsync(cancellationToken);
            }

            switch (await pending.WaitAsync(cancellationToken))
            {
                case null:
                    return null;
                case { Taken: false } refused:
                    return BucketLease.Refused(refused.RetryAfter);
                case { Taken: true } when asking is not null:
                    return BucketLease.Acquired;
            }

            // Another request's lease: spend from it, or ask again if it is gone already.
        }
    }

    // Not bound to one request's cancellation: others may be waiting for the answer, and Redis is bounded anyway.
    private async Task RefillAsync(int permitCount, TaskCompletionSource<BucketAnswer?> asking)
    {
        BucketAnswer? answer = null;
        try
        {
            answer = await buckets.TryTakeAsync(bucketKey, permitsPerMinute, permitCount, _lease, CancellationToken.None);
        }
        finally
        {
            lock (_gate)
            {
                // Whatever was still held is dropped with the new lease: an instance never holds more than one.
                _held = answer is { Granted: var granted } ? Math.Max(0, granted - permitCount) : 0;
                _heldSince = time.GetTimestamp();
                _refusedAt = _heldSince;
                _refusedFor = answer is { Taken: false, RetryAfter: var wait } ? wait : TimeSpan.Zero;
                _refill = null;
            }

            asking.SetResult(answer);
        }
    }

    /// <summary>Under the lock. Asking for 0 succeeds while a token is held, as with the in-process token bucket.</summary>
    private bool TrySpendHeld(int permitCount)
    {
        if (_held < Math.Max(permitCount, 1) || time.GetElapsedTime(_heldSince) >= HoldFor)
        {
            return false;
        }

        _held -= permitCount;
        return true;
    }
}
