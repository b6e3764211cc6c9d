using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Caching;

/// <summary>
/// Two levels: this process's memory, then the shared store when one is configured (Redis). Expiry is
/// decided here from <see cref="TimeProvider"/> and the absolute expiry stored with each value, so a value
/// brought into memory from Redis lives no longer than it has left there.
/// </summary>
public sealed partial class LayeredCache : IDisposable
{
    private readonly MemoryCache local;
    private readonly ISharedCacheStore? shared;
    private readonly CacheOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<LayeredCache> logger;

    public LayeredCache(IOptions<CacheOptions> options, TimeProvider time, ILogger<LayeredCache> logger, ISharedCacheStore? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        this.shared = shared;
        local = new MemoryCache(new MemoryCacheOptions { SizeLimit = (long)this.options.MaxInMemoryMegabytes * 1024 * 1024, CompactionPercentage = 0.25 });
    }

    /// <summary>True when a shared store backs the memory level.</summary>
    public bool IsShared => shared is not null;

    public async ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var now = time.GetUtcNow();
        if (local.TryGetValue(key, out var found) && found is LocalEntry<T> entry)
        {
            if (entry.ExpiresAt > now)
            {
                VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Memory, hit: true);
                return entry.Value;
            }

            local.Remove(key);
        }

        VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Memory, hit: false);
        if (shared is null)
        {
            return null;
        }

        var bytes = await shared.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: false);
            return null;
        }

        if (!CacheEnvelope.TryRead(bytes, typeInfo, out var value, out var expiresAt))
        {
            LogUnreadable(logger, key);
            VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: false);
            return null;
        }

        if (expiresAt <= now)
        {
            VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: false);
            return null;
        }

        Remember(key, value!, expiresAt, now, bytes.Length);
        VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: true);
        return value;
    }

    /// <summary>Stores <paramref name="value"/> in both levels for <paramref name="timeToLive"/>; zero or less stores nothing.</summary>
    public async ValueTask SetAsync<T>(string key, T value, TimeSpan timeToLive, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        var expiresAt = now + timeToLive;
        var envelope = CacheEnvelope.Write(value, expiresAt, typeInfo);
        Remember(key, value, expiresAt, now, envelope.Length);

        if (shared is not null)
        {
            await shared.SetAsync(key, envelope, timeToLive, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => local.Dispose();

    /// <summary>
    /// Keeps the value in memory, charged by its serialised size: a verdict is a few kilobytes, so a bound in
    /// bytes (not entries) is what keeps a million-row job from filling the process.
    /// </summary>
    private void Remember<T>(string key, T value, DateTimeOffset expiresAt, DateTimeOffset now, long serializedBytes)
    {
        var lifetime = expiresAt - now;
        if (shared is not null && lifetime > options.LocalExpiration)
        {
            lifetime = options.LocalExpiration;
        }

        if (lifetime <= TimeSpan.Zero)
        {
            local.Remove(key);
            return;
        }

        local.Set(key, new LocalEntry<T>(value, now + lifetime), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = lifetime,
            Size = serializedBytes,
        });
    }

    private sealed record LocalEntry<T>(T Value, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache entry {Key} is not in the current format or does not read; it is ignored and will be overwritten")]
    private static partial void LogUnreadable(ILogger logger, string key);
}
