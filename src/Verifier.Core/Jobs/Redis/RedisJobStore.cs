using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Verifier.Core.Redis;
using Verifier.Core.Classification;

namespace Verifier.Core.Jobs.Redis;

/// <summary>
/// The shared job store: every instance on the same Redis sees every job (keys in <see cref="RedisJobKeys"/>).
/// The state is a hash: the job as committed (<c>def</c>, JSON) plus live fields changed only by Lua scripts,
/// so each change is atomic across instances. Recording a chunk is exactly-once: the script accepts attempt
/// <c>n</c> of a chunk only when the chunk has no final results and its last recorded attempt is <c>n - 1</c>,
/// and in the same step stores the results and adds the counts; a second delivery of the same chunk (a
/// reclaimed chunk whose first consumer was only slow) is refused and changes nothing. Every key of a job
/// expires with it (<see cref="JobState.ExpiresAt"/>); keys created later take the state key's remaining time.
/// Deleting removes all four keys in one script and publishes the id, so every instance cancels its work on it.
/// When Redis cannot be reached, every method throws <see cref="JobStoreUnavailableException"/>.
/// </summary>
public sealed class RedisJobStore(RedisConnection redis, IOptions<JobsOptions> options, TimeProvider time) : IJobStore
{
    /// <summary>How often <see cref="WaitForChangeAsync"/> looks at the job's version.</summary>
    public static readonly TimeSpan ChangePoll = TimeSpan.FromMilliseconds(150);

    private const string DefinitionField = "def";
    private const string StatusField = "status";
    private const string VersionField = "version";
    private const string ChunksField = "chunks";
    private const string BouncePrefix = "b:";

    // KEYS: state, rows, index, stream. ARGV: def, chunk count, ttl ms, id, expiry (unix ms), has callback, version.
    // The job becomes visible and every chunk enters the work stream (fields as RedisJobQueue reads them) in one
    // step: an instance that dies right after the commit cannot leave a job queued with no work for it.
    private const string CommitScript = """
        redis.call('HSET', KEYS[1], 'def', ARGV[1], 'status', 0, 'processed', 0, 'deliverable', 0, 'undeliverable', 0,
          'risky', 0, 'unknown', 0, 'retries', 0, 'version', ARGV[7], 'done', 0, 'chunks', ARGV[2], 'callback', 0, 'hasCallback', ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
        for chunk = 0, tonumber(ARGV[2]) - 1 do
          redis.call('XADD', KEYS[4], '*', 'job', ARGV[4], 'chunk', chunk)
        end
        return 1
        """;

    // KEYS: state, results, pending. ARGV: 1 chunk, 2 attempt, 3 final (1/0), 4 payload, 5 rows left pending,
    // 6 now (unix ms), 7 processed, 8 deliverable, 9 undeliverable, 10 risky, 11 unknown, then bounce code/count pairs.
    // Returns 0: no such job; -1: refused (finished job, chunk already final, or not the next attempt);
    // 1: recorded; 2: recorded and the job is completed.
    private const string RecordScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local status = tonumber(redis.call('HGET', KEYS[1], 'status'))
        if status >= 2 then return -1 end
        local chunk = ARGV[1]
        if redis.call('HEXISTS', KEYS[2], chunk) == 1 then return -1 end
        local previous = tonumber(redis.call('HGET', KEYS[1], 'a:' .. chunk) or '0')
        if tonumber(ARGV[2]) ~= previous + 1 then return -1 end
        local previousRows = tonumber(redis.call('HGET', KEYS[1], 'r:' .. chunk) or '0')
        local ttl = redis.call('PTTL', KEYS[1])
        if ARGV[3] == '1' then
          redis.call('HSET', KEYS[2], chunk, ARGV[4])
          redis.call('HDEL', KEYS[3], chunk)
          redis.call('HDEL', KEYS[1], 'a:' .. chunk, 'r:' .. chunk)
          redis.call('HINCRBY', KEYS[1], 'done', 1)
          if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
        else
          redis.call('HSET', KEYS[3], chunk, ARGV[4])
          redis.call('HSET', KEYS[1], 'a:' .. chunk, ARGV[2], 'r:' .. chunk, ARGV[5])
          if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
        end
        redis.call('HINCRBY', KEYS[1], 'processed', ARGV[7])
        redis.call('HINCRBY', KEYS[1], 'deliverable', ARGV[8])
        redis.call('HINCRBY', KEYS[1], 'undeliverable', ARGV[9])
        redis.call('HINCRBY', KEYS[1], 'risky', ARGV[10])
        redis.call('HINCRBY', KEYS[1], 'unknown', ARGV[11])
        for i = 12, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], 'b:' .. ARGV[i], ARGV[i + 1]) end
        redis.call('HINCRBY', KEYS[1], 'retries', tonumber(ARGV[5]) - previousRows)
        if status == 0 then redis.call('HSET', KEYS[1], 'status', 1) end
        local result = 1
        if redis.call('HGET', KEYS[1], 'done') == redis.call('HGET', KEYS[1], 'chunks') then
          redis.call('HSET', KEYS[1], 'status', 2, 'completedAt', ARGV[6])
          result = 2
        end
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        return result
        """;

    private const string MarkRunningScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= '0' then return 0 end
        redis.call('HSET', KEYS[1], 'status', 1)
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        return 1
        """;

    private const string ClaimCallbackScript = """
        if redis.call('HGET', KEYS[1], 'hasCallback') ~= '1' or redis.call('HGET', KEYS[1], 'callback') ~= '0' then return 0 end
        redis.call('HSET', KEYS[1], 'callback', 1)
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        return 1
        """;

    // ARGV: reason, now (unix ms).
    private const string FailScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or tonumber(status) >= 2 then return 0 end
        redis.call('HSET', KEYS[1], 'status', 3, 'error', ARGV[1], 'completedAt', ARGV[2])
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        return 1
        """;

    // KEYS: state, rows, results, pending, index, delayed. ARGV: id, deleted channel.
    private const string DeleteScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        for _, chunk in ipairs(redis.call('HKEYS', KEYS[4])) do redis.call('ZREM', KEYS[6], ARGV[1] .. ':' .. chunk) end
        redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
        redis.call('ZREM', KEYS[5], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[1])
        return 1
        """;

    /// <inheritdoc />
    public bool QueuesChunksOnCommit => true;

    public async Task<IJobUpload> BeginAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id))
        {
            throw new ArgumentException("Not a job id.", nameof(id));
        }

        return new Upload(await DatabaseAsync().ConfigureAwait(false), id, options.Value.Retention, time);
    }

    public async Task<JobState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id))
        {
            return null;
        }

        var database = await DatabaseAsync().ConfigureAwait(false);
        var fields = await RunAsync(() => database.HashGetAllAsync(RedisJobKeys.State(id))).ConfigureAwait(false);
        return fields.Length == 0 ? null : ReadState(fields);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // Jobs past their expiry are gone from Redis already (their keys expired); forget their ids too.
        await RunAsync(() => database.SortedSetRemoveRangeByScoreAsync(RedisJobKeys.Index, double.NegativeInfinity, now)).ConfigureAwait(false);
        var ids = await RunAsync(() => database.SortedSetRangeByRankAsync(RedisJobKeys.Index)).ConfigureAwait(false);
        return [.. ids.Select(id => id.ToString()).Where(JobIds.IsValid)];
    }

    public async Task<bool> MarkRunningAsync(string id, CancellationToken cancellationToken) =>
        JobIds.IsValid(id) && await EvaluateAsync(MarkRunningScript, [RedisJobKeys.State(id)], []).ConfigureAwait(false) == 1;

    public async Task<ReadOnlyMemory<byte>> ReadChunkRowsAsync(string id, int chunk, CancellationToken cancellationToken)
    {
        var rows = JobIds.IsValid(id) ? await HashGetAsync(RedisJobKeys.Rows(id), chunk).ConfigureAwait(false) : RedisValue.Null;
        return rows.IsNull ? throw new KeyNotFoundException($"Job {id} has no chunk {chunk}.") : (byte[])rows!;
    }

    public async Task<PendingChunk?> GetPendingAsync(string id, int chunk, CancellationToken cancellationToken)
    {
        var value = JobIds.IsValid(id) ? await HashGetAsync(RedisJobKeys.Pending(id), chunk).ConfigureAwait(false) : RedisValue.Null;
        return value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, JobsJsonContext.Default.PendingChunk);
    }

    public async Task<ChunkRecorded> RecordAsync(string id, ChunkOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!JobIds.IsValid(id))
        {
            return new ChunkRecorded(false, false, null);
        }

        var final = outcome.Pending.Length == 0;
        byte[] payload = final
            ? RowResultCodec.Encode(outcome.Results)
            : JsonSerializer.SerializeToUtf8Bytes(
                new PendingChunk(outcome.Attempt, outcome.Results, outcome.Pending, outcome.RetryAt ?? time.GetUtcNow()),
                JobsJsonContext.Default.PendingChunk);

        // The totals this attempt adds: its finalised rows, counted here so the script only adds numbers.
        var counts = new JobState { Id = id, CreatedAt = default, ExpiresAt = default, Layout = default! };
        foreach (var row in outcome.Finalized)
        {
            counts.Count(outcome.Results[row]);
        }

        var arguments = new List<RedisValue>
        {
            outcome.Chunk,
            outcome.Attempt,
            final ? 1 : 0,
            payload,
            outcome.Pending.Length,
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            counts.Processed,
            counts.Deliverable,
            counts.Undeliverable,
            counts.Risky,
            counts.Unknown,
        };
        foreach (var (code, count) in counts.Bounces)
        {
            arguments.Add(code);
            arguments.Add(count);
        }

        var result = await EvaluateAsync(
            RecordScript,
            [RedisJobKeys.State(id), RedisJobKeys.Results(id), RedisJobKeys.Pending(id)],
            [.. arguments]).ConfigureAwait(false);
        if (result == 0)
        {
            return new ChunkRecorded(false, false, null);
        }

        return new ChunkRecorded(result > 0, result == 2, await GetAsync(id, cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<RowResult>?> ReadChunkResultsAsync(string id, int chunk, CancellationToken cancellationToken)
    {
        var value = JobIds.IsValid(id) ? await HashGetAsync(RedisJobKeys.Results(id), chunk).ConfigureAwait(false) : RedisValue.Null;
        return value.IsNull ? null : RowResultCodec.Decode((byte[])value!);
    }

    public async Task<IReadOnlyList<(int Chunk, DateTimeOffset? RetryAt)>> GetUnfinishedChunksAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id))
        {
            return [];
        }

        var database = await DatabaseAsync().ConfigureAwait(false);
        var chunks = await RunAsync(() => database.HashGetAsync(RedisJobKeys.State(id), ChunksField)).ConfigureAwait(false);
        if (chunks.IsNull)
        {
            return [];
        }

        var done = (await RunAsync(() => database.HashKeysAsync(RedisJobKeys.Results(id))).ConfigureAwait(false))
            .Select(chunk => (int)chunk)
            .ToHashSet();
        var pending = (await RunAsync(() => database.HashGetAllAsync(RedisJobKeys.Pending(id))).ConfigureAwait(false))
            .ToDictionary(entry => (int)entry.Name, entry => JsonSerializer.Deserialize((byte[])entry.Value!, JobsJsonContext.Default.PendingChunk)!.RetryAt);
        return [.. Enumerable.Range(0, (int)chunks)
            .Where(chunk => !done.Contains(chunk))
            .Select(chunk => (chunk, pending.TryGetValue(chunk, out var retryAt) ? retryAt : (DateTimeOffset?)null))];
    }

    public async Task<bool> TryClaimCallbackAsync(string id, CancellationToken cancellationToken) =>
        JobIds.IsValid(id) && await EvaluateAsync(ClaimCallbackScript, [RedisJobKeys.State(id)], []).ConfigureAwait(false) == 1;

    public async Task FailAsync(string id, string reason, CancellationToken cancellationToken)
    {
        if (JobIds.IsValid(id))
        {
            await EvaluateAsync(FailScript, [RedisJobKeys.State(id)], [reason, time.GetUtcNow().ToUnixTimeMilliseconds()]).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        JobIds.IsValid(id) && await EvaluateAsync(
            DeleteScript,
            [RedisJobKeys.State(id), RedisJobKeys.Rows(id), RedisJobKeys.Results(id), RedisJobKeys.Pending(id), RedisJobKeys.Index, RedisJobKeys.Delayed],
            [id, RedisJobKeys.DeletedChannel]).ConfigureAwait(false) == 1;

    public async Task WaitForChangeAsync(string id, long seenVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id))
        {
            return;
        }

        var database = await DatabaseAsync().ConfigureAwait(false);
        var deadline = time.GetUtcNow() + timeout;
        while (time.GetUtcNow() < deadline)
        {
            var version = await RunAsync(() => database.HashGetAsync(RedisJobKeys.State(id), VersionField)).ConfigureAwait(false);
            if (version.IsNull || (long)version != seenVersion)
            {
                return;
            }

            await Task.Delay(ChangePoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True for the failures that mean Redis cannot be reached (as opposed to a bug in a command).</summary>
    public static bool IsUnavailable(Exception error) =>
        error is RedisConnectionException or TimeoutException
        || (error is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal));

    /// <summary>The database; waits for the first connection attempt of the process, never for a reconnection.</summary>
    internal async Task<IDatabase> DatabaseAsync()
    {
        try
        {
            return (await redis.MultiplexerAsync.ConfigureAwait(false)).GetDatabase();
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
        catch (Exception error) when (IsUnavailable(error))
        {
            throw new JobStoreUnavailableException("Redis is unavailable: " + error.Message, error);
        }
    }

    private async Task<RedisValue> HashGetAsync(string key, int chunk)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        return await RunAsync(() => database.HashGetAsync(key, chunk)).ConfigureAwait(false);
    }

    private async Task<long> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        var database = await DatabaseAsync().ConfigureAwait(false);
        var result = await RunAsync(() => database.ScriptEvaluateAsync(script, keys, values)).ConfigureAwait(false);
        return (long)result;
    }

    private static JobState ReadState(HashEntry[] fields)
    {
        var values = fields.ToDictionary(field => field.Name.ToString(), field => field.Value, StringComparer.Ordinal);
        var state = JsonSerializer.Deserialize((byte[])values[DefinitionField]!, JobsJsonContext.Default.JobState)
            ?? throw new InvalidDataException("Empty job definition.");
        state.Status = (JobStatus)(int)values[StatusField];
        state.Processed = (long)values["processed"];
        state.Deliverable = (long)values["deliverable"];
        state.Undeliverable = (long)values["undeliverable"];
        state.Risky = (long)values["risky"];
        state.Unknown = (long)values["unknown"];
        state.RetriesPending = (long)values["retries"];
        state.Version = (long)values[VersionField];
        state.CallbackDone = values["callback"] == 1;
        state.CompletedAt = values.TryGetValue("completedAt", out var completed) ? DateTimeOffset.FromUnixTimeMilliseconds((long)completed) : null;
        state.Error = values.TryGetValue("error", out var error) ? error.ToString() : null;
        state.Bounces.Clear();
        foreach (var (name, value) in values)
        {
            if (name.StartsWith(BouncePrefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(BouncePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                && (long)value != 0)
            {
                state.Bounces[code] = (long)value;
            }
        }

        return state;
    }

    /// <summary>
    /// Rows are written chunk by chunk into the job's rows hash, which expires after the retention time even if
    /// the upload is never committed (an instance that dies mid-upload leaves nothing for long).
    /// </summary>
    private sealed class Upload(IDatabase database, string id, TimeSpan retention, TimeProvider time) : IJobUpload
    {
        private int _chunks;
        private bool _committed;

        public async ValueTask AppendChunkAsync(ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellationToken)
        {
            var key = RedisJobKeys.Rows(id);
            var chunk = _chunks++;
            await RunAsync(() => database.HashSetAsync(key, chunk, rows)).ConfigureAwait(false);
            if (chunk == 0)
            {
                await RunAsync(() => database.KeyExpireAsync(key, retention)).ConfigureAwait(false);
            }
        }

        public async Task CommitAsync(JobState state, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(state);
            if (state.ChunkCount != _chunks)
            {
                throw new InvalidOperationException($"The state says {state.ChunkCount} chunks; {_chunks} were written.");
            }

            var ttl = Math.Max(1L, (long)(state.ExpiresAt - time.GetUtcNow()).TotalMilliseconds);
            await RunAsync(() => database.ScriptEvaluateAsync(
                CommitScript,
                [RedisJobKeys.State(id), RedisJobKeys.Rows(id), RedisJobKeys.Index, RedisJobKeys.Stream],
                [
                    JsonSerializer.SerializeToUtf8Bytes(state, JobsJsonContext.Default.JobState),
                    state.ChunkCount,
                    ttl,
                    id,
                    state.ExpiresAt.ToUnixTimeMilliseconds(),
                    state.CallbackUrl is null ? 0 : 1,
                    state.Version + 1,
                ])).ConfigureAwait(false);
            state.Version++;
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_committed || _chunks == 0)
            {
                return;
            }

            try
            {
                await database.KeyDeleteAsync(RedisJobKeys.Rows(id)).ConfigureAwait(false);
            }
            catch (Exception error) when (IsUnavailable(error))
            {
                // The rows expire by themselves.
            }
        }
    }
}
