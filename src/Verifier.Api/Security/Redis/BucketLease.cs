using System.Threading.RateLimiting;

namespace Verifier.Api.Security.Redis;

/// <summary>A lease answered by a shared bucket; a refusal carries the wait until the bucket holds enough (<c>Retry-After</c>).</summary>
internal sealed class BucketLease : RateLimitLease
{
    public static readonly BucketLease Acquired = new(true, null);

    /// <summary>Refused without asking anyone: only the asynchronous path asks Redis.</summary>
    public static readonly BucketLease NotAsked = new(false, null);

    private readonly bool _acquired;
    private readonly TimeSpan? _retryAfter;

    private BucketLease(bool acquired, TimeSpan? retryAfter)
    {
        _acquired = acquired;
        _retryAfter = retryAfter;
    }

    public override bool IsAcquired => _acquired;

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static BucketLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = wait;
            return true;
        }

        metadata = null;
        return false;
    }
}
