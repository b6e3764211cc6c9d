using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Verifier.Core.Redis;

namespace Verifier.Core.Jobs.Redis;

/// <summary>
/// The shared queue: a Redis Stream (<see cref="RedisJobKeys.Stream"/>) read through one consumer group, each instance
/// a consumer of its own (<see cref="ConsumerName"/>). A maintenance loop moves due retries to the stream, keeps this
/// instance's chunks fresh and takes over those of a dead instance after <see cref="JobsOptions.ReclaimAfter"/>; the
/// store refuses a second record of a chunk, so every row is counted once. How and why: Jobs/README.md, "Redis".
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public sealed partial class RedisJobQueue : IJobQueue, IDisposable
{
    /// <summary>How long an idle consumer waits before reading the stream again.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);

    private const string JobField = "job";
    private const string ChunkField = "chunk";
    private const int MoveBatch = 100;
    private const int ReclaimBatch = 8;

    // KEYS: delayed, stream. ARGV: now (unix ms), most to move. Members are "{id}:{chunk}".
    private const string MoveDueScript = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
        for _, member in ipairs(due) do
          redis.call('ZREM', KEYS[1], member)
          local separator = string.find(member, ':', 1, true)
          redis.call('XADD', KEYS[2], '*', 'job', string.sub(member, 1, separator - 1), 'chunk', string.sub(member, separator + 1))
        end
        return #due
        """;

    private readonly RedisConnection _redis;
    private readonly JobsOptions _options;
    private readonly TimeProvider _time;
    private readonly JobBackendOutage _outage;
    private readonly ILogger<RedisJobQueue> _logger;
    private readonly ConcurrentDictionary<string, ChunkWork> _held = new(StringComparer.Ordinal);
    private readonly Channel<ChunkDelivery> _reclaimed = Channel.CreateUnbounded<ChunkDelivery>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startGate = new();
    private Task? _maintenance;
    private volatile bool _groupReady;
    private RedisValue _reclaimCursor = "0-0";

    public RedisJobQueue(RedisConnection redis, IOptions<JobsOptions> options, TimeProvider time, JobBackendOutage outage, ILogger<RedisJobQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
        _time = time;
        _outage = outage;
        _logger = logger;
        ConsumerName = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>This instance's consumer in the group: machine name, process id and a random part.</summary>
    public string ConsumerName { get; }

    public bool IsShared => true;

    /// <summary>How many chunks this instance holds (read, not yet acknowledged or released).</summary>
    public int HeldCount => _held.Count;

    public async ValueTask EnqueueAsync(IEnumerable<ChunkWork> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var database = await DatabaseAsync().ConfigureAwait(false);
        var adds = work.Select(item => database.StreamAddAsync(RedisJobKeys.Stream, Fields(item))).ToList();
        await RunAsync(async () => await Task.WhenAll(adds).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async ValueTask ScheduleAsync(ChunkWork work, DateTimeOffset due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var database = await DatabaseAsync().ConfigureAwait(false);
        var member = work.JobId + ":" + work.Chunk.ToString(CultureInfo.InvariantCulture);
        await RunAsync(() => database.SortedSetAddAsync(RedisJobKeys.Delayed, member, due.ToUnixTimeMilliseconds())).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ChunkDelivery> ConsumeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StartMaintenance();
        while (!cancellationToken.IsCancellationRequested)
        {
            var delivery = await NextAsync(cancellationToken).ConfigureAwait(false);
            if (delivery is null)
            {
                await IdleAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                yield return delivery;
            }
            finally
            {
                // Acknowledged, or given up (stopping, Redis gone): no longer kept fresh, so it can be reclaimed.
                _held.TryRemove(delivery.DeliveryId, out _);
            }
        }
    }

    public async ValueTask AcknowledgeAsync(ChunkDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var database = await DatabaseAsync().ConfigureAwait(false);
        var acknowledged = database.StreamAcknowledgeAsync(RedisJobKeys.Stream, RedisJobKeys.Group, delivery.DeliveryId);
        var deleted = database.StreamDeleteAsync(RedisJobKeys.Stream, [delivery.DeliveryId]);
        await RunAsync(async () => await Task.WhenAll(acknowledged, deleted).ConfigureAwait(false)).ConfigureAwait(false);
        _held.TryRemove(delivery.DeliveryId, out _);
    }

    /// <summary>One round of the maintenance loop: due retries to the stream, held chunks touched, dead consumers' chunks taken.</summary>
    public async Task MaintainOnceAsync(bool touchHeld, bool reclaim)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        await EnsureGroupAsync(database).ConfigureAwait(false);
        await RunAsync(() => database.ScriptEvaluateAsync(
            MoveDueScript,
            [RedisJobKeys.Delayed, RedisJobKeys.Stream],
            [_time.GetUtcNow().ToUnixTimeMilliseconds(), MoveBatch])).ConfigureAwait(false);

        var held = _held.Keys.Select(id => (RedisValue)id).ToArray();
        if (touchHeld && held.Length > 0)
        {
            await RunAsync(() => database.StreamClaimIdsOnlyAsync(RedisJobKeys.Stream, RedisJobKeys.Group, ConsumerName, 0, held)).ConfigureAwait(false);
        }

        if (reclaim && _reclaimed.Reader.Count == 0)
        {
            await ReclaimAsync(database).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _reclaimed.Writer.TryComplete();
    }

    private async Task ReclaimAsync(IDatabase database)
    {
        var minIdle = (long)_options.ReclaimAfter.TotalMilliseconds;
        var claimed = await RunAsync(() => database.StreamAutoClaimAsync(
            RedisJobKeys.Stream, RedisJobKeys.Group, ConsumerName, minIdle, _reclaimCursor, ReclaimBatch)).ConfigureAwait(false);
        _reclaimCursor = claimed.NextStartId.IsNullOrEmpty ? "0-0" : claimed.NextStartId;
        foreach (var entry in claimed.ClaimedEntries)
        {
            if (_held.ContainsKey(entry.Id!))
            {
                // Ours and still being processed (its touch came late); it is fresh again now.
                continue;
            }

            if (ToDelivery(entry) is { } delivery)
            {
                _held[delivery.DeliveryId] = delivery.Work;
                LogReclaimed(_logger, delivery.Work.JobId, delivery.Work.Chunk, _options.ReclaimAfter);
                _reclaimed.Writer.TryWrite(delivery);
            }
            else
            {
                await AcknowledgeMalformedAsync(database, entry.Id).ConfigureAwait(false);
            }
        }
    }

    private async Task<ChunkDelivery?> NextAsync(CancellationToken cancellationToken)
    {
        if (_reclaimed.Reader.TryRead(out var reclaimed))
        {
            return reclaimed;
        }

        try
        {
            var database = await DatabaseAsync().ConfigureAwait(false);
            await EnsureGroupAsync(database).ConfigureAwait(false);
            var entries = await RunAsync(() => database.StreamReadGroupAsync(RedisJobKeys.Stream, RedisJobKeys.Group, ConsumerName, StreamPosition.NewMessages, 1)).ConfigureAwait(false);
            _outage.ReportSuccess();
            if (entries.Length == 0)
            {
                return null;
            }

            if (ToDelivery(entries[0]) is not { } delivery)
            {
                await AcknowledgeMalformedAsync(database, entries[0].Id).ConfigureAwait(false);
                return null;
            }

            _held[delivery.DeliveryId] = delivery.Work;
            return delivery;
        }
        catch (JobStoreUnavailableException error)
        {
            _outage.ReportFailure(error.Message);
            await Task.Delay(JobBackendOutage.RetryDelay, _time, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RedisServerException error) when (error.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost the group (restarted without its data): create it again.
            _groupReady = false;
            return null;
        }
    }

    private async Task IdleAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(IdlePoll);
        try
        {
            await _reclaimed.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Nothing reclaimed meanwhile: read the stream again.
        }
    }

    private void StartMaintenance()
    {
        lock (_startGate)
        {
            _maintenance ??= Task.Run(() => MaintainAsync(_stopping.Token));
        }
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var reclaimAfter = _options.ReclaimAfter;
        var tick = TimeSpan.FromTicks(Math.Clamp(reclaimAfter.Ticks / 6, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromMilliseconds(500).Ticks));
        var lastTouch = _time.GetUtcNow();
        var lastReclaim = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                var touch = now - lastTouch >= reclaimAfter / 4;
                var reclaim = now - lastReclaim >= reclaimAfter / 4;
                await MaintainOnceAsync(touch, reclaim).ConfigureAwait(false);
                lastTouch = touch ? now : lastTouch;
                lastReclaim = reclaim ? now : lastReclaim;
                await Task.Delay(tick, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when ((error is OperationCanceledException or ObjectDisposedException) && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (JobStoreUnavailableException error)
            {
                _outage.ReportFailure(error.Message);
                await DelayQuietlyAsync(JobBackendOutage.RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException error) when (error.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                _groupReady = false;
            }
            catch (RedisException error)
            {
                LogMaintenanceFailed(_logger, error);
                await DelayQuietlyAsync(JobBackendOutage.RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task EnsureGroupAsync(IDatabase database)
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            // From the start of the stream: chunks queued before any worker existed are delivered too.
            await RunAsync(() => database.StreamCreateConsumerGroupAsync(RedisJobKeys.Stream, RedisJobKeys.Group, "0", createStream: true)).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (error.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Created by another instance.
        }

        _groupReady = true;
    }

    private async Task AcknowledgeMalformedAsync(IDatabase database, RedisValue id)
    {
        LogMalformed(_logger, id.ToString());
        await RunAsync(() => database.StreamAcknowledgeAsync(RedisJobKeys.Stream, RedisJobKeys.Group, id)).ConfigureAwait(false);
        await RunAsync(() => database.StreamDeleteAsync(RedisJobKeys.Stream, [id])).ConfigureAwait(false);
    }

    private static NameValueEntry[] Fields(ChunkWork work) => [new(JobField, work.JobId), new(ChunkField, work.Chunk)];

    private static ChunkDelivery? ToDelivery(StreamEntry entry)
    {
        var job = entry[JobField].ToString();
        return JobIds.IsValid(job) && entry[ChunkField].TryParse(out int chunk) && chunk >= 0 && !entry.Id.IsNull
            ? new ChunkDelivery(new ChunkWork(job, chunk), entry.Id.ToString())
            : null;
    }

    private async Task<IDatabase> DatabaseAsync()
    {
        try
        {
            return (await _redis.MultiplexerAsync.ConfigureAwait(false)).GetDatabase();
        }
        catch (RedisException error)
        {
            throw new JobStoreUnavailableException("Redis is unavailable: " + error.Message, error);
        }
    }

    private static async Task<T> RunAsync<T>(Func<Task<T>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception error) when (RedisJobStore.IsUnavailable(error))
        {
            throw new JobStoreUnavailableException("Redis is unavailable: " + error.Message, error);
        }
    }

    private static async Task RunAsync(Func<Task> command)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (Exception error) when (RedisJobStore.IsUnavailable(error))
        {
            throw new JobStoreUnavailableException("Redis is unavailable: " + error.Message, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} chunk {Chunk} taken over: its consumer did not acknowledge it within {ReclaimAfter}")]
    private static partial void LogReclaimed(ILogger logger, string jobId, int chunk, TimeSpan reclaimAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream entry {EntryId} is not a chunk of a job; dropped")]
    private static partial void LogMalformed(ILogger logger, string entryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job queue maintenance failed; trying again")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception error);
}
