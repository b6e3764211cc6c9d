using Verifier.Core.Redis;

namespace Verifier.Core.Caching.Redis;

/// <summary>
/// The shared cache on Redis: plain string values with a server-side expiry. Every call goes through
/// <see cref="BoundedRedis"/>: a failure or time-out counts as an outage and the call answers as a miss (reads)
/// or is dropped (writes).
/// </summary>
public sealed class RedisCacheStore(BoundedRedis redis) : ISharedCacheStore
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var (answered, value) = await redis.TryAsync(
            key,
            static (database, key) => database.StringGetAsync(key),
            cancellationToken).ConfigureAwait(false);
        return answered && !value.IsNull ? (byte[]?)value : null;
    }

    public async ValueTask SetAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        await redis.TryAsync(
            (Key: key, Value: value, TimeToLive: timeToLive),
            static (database, entry) => database.StringSetAsync(entry.Key, entry.Value, entry.TimeToLive),
            cancellationToken).ConfigureAwait(false);
}
