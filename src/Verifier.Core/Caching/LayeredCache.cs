using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Caching;

/// <summary>
/// Two levels: this process's memory, then the shared store when one is configured (Redis). Expiry is
/// decided here from <see cref="TimeProvider"/> and the absolute expiry stored with each value, so a value
/// brought into memory from Redis lives no longer than it has left there. Memory holds each value serialised
/// (a true bound on its size) and, from its first hit on, decoded as well, so that repeated hits (a signup form)
/// cost a lookup rather than a JSON parse; values are immutable records, shared by every reader.
/// </summary>
public sealed partial class LayeredCache : IDisposable
{
    /// <summary>
    /// What a decoded value is charged, per byte of its serialised form: the object graph of a verdict is about
    /// three times its UTF-8 JSON (strings become UTF-16, each record has a header).
    /// </summary>
    private const int DecodedBytesPerStoredByte = 3;

    private readonly MemoryCache _local;
    private readonly ISharedCacheStore? _shared;
    private readonly CacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LayeredCache> _logger;

    public LayeredCache(IOptions<CacheOptions> options, TimeProvider time, ILogger<LayeredCache> logger, ISharedCacheStore? shared = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _shared = shared;
        _local = new MemoryCache(new MemoryCacheOptions { SizeLimit = (long)_options.MaxInMemoryMegabytes * 1024 * 1024, CompactionPercentage = 0.25 });
    }

    /// <summary>True when a shared store backs the memory level.</summary>
    public bool IsShared => _shared is not null;

    public async ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var now = _time.GetUtcNow();
        if (_local.TryGetValue(key, out var found) && found is LocalEntry entry)
        {
            if (entry.ExpiresAt > now && entry.Decoded is T decoded)
            {
                VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Memory, hit: true);
                return decoded;
            }

            if (entry.ExpiresAt > now && CacheEnvelope.TryRead(entry.Envelope, typeInfo, out var remembered, out _))
            {
                KeepDecoded(key, entry, remembered!, now);
                VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Memory, hit: true);
                return remembered;
            }

            _local.Remove(key);
        }

        VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Memory, hit: false);
        if (_shared is null)
        {
            return null;
        }

        var bytes = await _shared.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: false);
            return null;
        }

        if (!CacheEnvelope.TryRead(bytes, typeInfo, out var value, out var expiresAt))
        {
            LogUnreadable(_logger, key);
            VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: false);
            return null;
        }

        if (expiresAt <= now)
        {
            VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: false);
            return null;
        }

        Remember(key, bytes, expiresAt, now);
        VerifierMetrics.RecordCacheLookup(VerifierMetrics.CacheLevels.Redis, hit: true);
        return value;
    }

    /// <summary>
    /// Stores <paramref name="value"/> for <paramref name="timeToLive"/> (zero or less stores nothing): in both levels,
    /// or with <paramref name="inProcess"/> false only in the shared store, for bulk work whose answers would
    /// otherwise push the interactive ones out of memory.
    /// </summary>
    public async ValueTask SetAsync<T>(string key, T value, TimeSpan timeToLive, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, bool inProcess = true)
        where T : class
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var expiresAt = now + timeToLive;
        var envelope = CacheEnvelope.Write(value, expiresAt, typeInfo);
        if (inProcess)
        {
            Remember(key, envelope, expiresAt, now);
        }

        if (_shared is not null)
        {
            await _shared.SetAsync(key, envelope, timeToLive, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _local.Dispose();

    /// <summary>
    /// Keeps the value in memory in its serialised form and charges it by size. A verdict's object graph is
    /// several times its JSON; holding the bytes makes <see cref="CacheOptions.MaxInMemoryMegabytes"/> a true bound
    /// (a million-row job cannot fill the process), at the price of a few microseconds to read a hit.
    /// </summary>
    private void Remember(string key, byte[] envelope, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var lifetime = expiresAt - now;
        if (_shared is not null && lifetime > _options.LocalExpiration)
        {
            lifetime = _options.LocalExpiration;
        }

        if (lifetime <= TimeSpan.Zero)
        {
            _local.Remove(key);
            return;
        }

        _local.Set(key, new LocalEntry(envelope, now + lifetime), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = lifetime,
            Size = envelope.Length,
        });
    }

    /// <summary>An entry's first hit: from now on it is kept decoded too, and charged for both forms.</summary>
    private void KeepDecoded(string key, LocalEntry entry, object value, DateTimeOffset now) =>
        _local.Set(key, entry with { Decoded = value }, new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = entry.ExpiresAt - now,
            Size = (long)entry.Envelope.Length * (1 + DecodedBytesPerStoredByte),
        });

    private sealed record LocalEntry(byte[] Envelope, DateTimeOffset ExpiresAt, object? Decoded = null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache entry {Key} is not in the current format or does not read; it is ignored and will be overwritten")]
    private static partial void LogUnreadable(ILogger logger, string key);
}
