namespace Verifier.Core.Caching;

/// <summary>
/// The cache shared by every instance (Redis). Implementations never throw for an unavailable store:
/// a read answers null and a write is dropped, so that a request is answered uncached rather than failed.
/// </summary>
public interface ISharedCacheStore
{
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken);

    ValueTask SetAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken);
}
