using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Verifier.Core.Jobs.InProcess;

/// <summary>
/// The in-process job store: one folder per job under <see cref="JobsOptions.DataDirectory"/>.
/// <code>
/// {id}/state.json          the job's state (written to a temporary file, then renamed over the old one)
/// {id}/rows.csv            the uploaded records, header excluded, byte for byte
/// {id}/rows.idx            where each chunk starts in rows.csv: ChunkCount + 1 little-endian int64
/// {id}/results.bin         completed chunks, appended as [chunk int32][length int32][RowResultCodec payload]
/// {id}/pending/{n}.json    chunk n's latest results while some of its rows wait for a retry
/// </code>
/// At start every folder is read back: results.bin is cut after its last whole block and the totals are
/// recomputed from the results and pending files, so a job interrupted at any point resumes from its last
/// recorded chunk with every row counted once. A folder without state.json is an upload that never finished
/// and is removed.
/// </summary>
public sealed partial class FileJobStore(IOptions<JobsOptions> options, TimeProvider time, ILogger<FileJobStore> logger)
    : IJobStore, IDisposable
{
    private const string StateFile = "state.json";
    private const string RowsFile = "rows.csv";
    private const string IndexFile = "rows.idx";
    private const string ResultsFile = "results.bin";
    private const string PendingFolder = "pending";
    private const int BlockHeaderBytes = 8;

    private readonly string _root = Path.GetFullPath(options.Value.DataDirectory);
    private readonly ConcurrentDictionary<string, Entry> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    /// <summary>The folder holding one job's files.</summary>
    public string JobDirectory(string id) => JobIds.IsValid(id)
        ? Path.Combine(_root, id)
        : throw new ArgumentException("Not a job id.", nameof(id));

    /// <inheritdoc />
    public bool QueuesChunksOnCommit => false;

    public async Task<IJobUpload> BeginAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var directory = JobDirectory(id);
        Directory.CreateDirectory(directory);
        return new Upload(this, id, directory);
    }

    public async Task<JobState?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return entry.Deleted ? null : entry.State.Copy();
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return [.. _jobs.Keys];
    }

    public Task<bool> MarkRunningAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, state =>
        {
            if (state.Status != JobStatus.Queued)
            {
                return false;
            }

            state.Status = JobStatus.Running;
            return true;
        }, cancellationToken);

    public Task<bool> TryClaimCallbackAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, state =>
        {
            if (state.CallbackDone || state.CallbackUrl is null)
            {
                return false;
            }

            state.CallbackDone = true;
            return true;
        }, cancellationToken);

    public Task FailAsync(string id, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(id, state =>
        {
            if (state.IsFinished)
            {
                return false;
            }

            state.Status = JobStatus.Failed;
            state.Error = reason;
            state.CompletedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);

    public async Task<ReadOnlyMemory<byte>> ReadChunkRowsAsync(string id, int chunk, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Job {id} does not exist.");
        var start = entry.RowOffsets[chunk];
        var length = (int)(entry.RowOffsets[chunk + 1] - start);
        return await ReadAtAsync(Path.Combine(JobDirectory(id), RowsFile), start, length, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PendingChunk?> GetPendingAsync(string id, int chunk, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return !entry.Deleted && entry.Pending.ContainsKey(chunk)
                ? await ReadPendingAsync(PendingPath(id, chunk), cancellationToken).ConfigureAwait(false)
                : null;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public async Task<ChunkRecorded> RecordAsync(string id, ChunkOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return new ChunkRecorded(false, false, null);
        }

        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = entry.State;
            if (entry.Deleted || state.IsFinished || entry.ResultOffsets[outcome.Chunk] >= 0)
            {
                return new ChunkRecorded(false, false, entry.Deleted ? null : state.Copy());
            }

            var previous = entry.Pending.GetValueOrDefault(outcome.Chunk);
            if (outcome.Attempt != previous.Attempt + 1)
            {
                return new ChunkRecorded(false, false, state.Copy());
            }

            var directory = JobDirectory(id);
            if (outcome.Pending.Length == 0)
            {
                var payload = RowResultCodec.Encode(outcome.Results);
                var offset = await AppendBlockAsync(Path.Combine(directory, ResultsFile), outcome.Chunk, payload, cancellationToken).ConfigureAwait(false);
                if (previous.Attempt > 0)
                {
                    File.Delete(PendingPath(id, outcome.Chunk));
                }

                entry.ResultOffsets[outcome.Chunk] = offset;
                entry.ResultLengths[outcome.Chunk] = payload.Length;
                entry.Pending.Remove(outcome.Chunk);
                entry.DoneChunks++;
            }
            else
            {
                var retryAt = outcome.RetryAt ?? time.GetUtcNow();
                var pending = new PendingChunk(outcome.Attempt, outcome.Results, outcome.Pending, retryAt);
                Directory.CreateDirectory(Path.Combine(directory, PendingFolder));
                await WriteJsonAtomicallyAsync(PendingPath(id, outcome.Chunk), pending, JobsJsonContext.Default.PendingChunk, cancellationToken).ConfigureAwait(false);
                entry.Pending[outcome.Chunk] = (outcome.Attempt, outcome.Pending.Length, retryAt);
            }

            foreach (var row in outcome.Finalized)
            {
                state.Count(outcome.Results[row]);
            }

            state.RetriesPending += outcome.Pending.Length - previous.PendingRows;
            if (state.Status == JobStatus.Queued)
            {
                state.Status = JobStatus.Running;
            }

            var completed = entry.DoneChunks == state.ChunkCount;
            if (completed)
            {
                state.Status = JobStatus.Completed;
                state.CompletedAt = time.GetUtcNow();
            }

            await SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            return new ChunkRecorded(true, completed, state.Copy());
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public async Task<IReadOnlyList<RowResult>?> ReadChunkResultsAsync(string id, int chunk, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.ResultOffsets[chunk] < 0)
        {
            return null;
        }

        var payload = await ReadAtAsync(Path.Combine(JobDirectory(id), ResultsFile), entry.ResultOffsets[chunk], entry.ResultLengths[chunk], cancellationToken).ConfigureAwait(false);
        return RowResultCodec.Decode(payload);
    }

    public async Task<IReadOnlyList<(int Chunk, DateTimeOffset? RetryAt)>> GetUnfinishedChunksAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return [];
        }

        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var unfinished = new List<(int, DateTimeOffset?)>();
            for (var chunk = 0; chunk < entry.ResultOffsets.Length; chunk++)
            {
                if (entry.ResultOffsets[chunk] < 0)
                {
                    unfinished.Add((chunk, entry.Pending.TryGetValue(chunk, out var pending) ? pending.RetryAt : null));
                }
            }

            return unfinished;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Deleted)
            {
                return false;
            }

            entry.Deleted = true;
            entry.State.Status = JobStatus.Cancelled;
            _jobs.TryRemove(id, out _);
            DeleteDirectory(JobDirectory(id));
            entry.Signal();
            return true;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public async Task WaitForChangeAsync(string id, long seenVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return;
        }

        try
        {
            await entry.ChangedSince(seenVersion).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing changed in time: the caller looks again.
        }
    }

    public void Dispose()
    {
        _loading.Dispose();
        foreach (var entry in _jobs.Values)
        {
            entry.Lock.Dispose();
        }
    }

    private async Task<Entry?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id))
        {
            return null;
        }

        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return _jobs.TryGetValue(id, out var entry) ? entry : null;
    }

    private async Task<bool> ChangeAsync(string id, Func<JobState, bool> change, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        await entry.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Deleted || !change(entry.State))
            {
                return false;
            }

            await SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Persists the state and tells watchers; called under the entry's lock.</summary>
    private async Task SaveAsync(Entry entry, CancellationToken cancellationToken)
    {
        entry.State.Version++;
        await WriteJsonAtomicallyAsync(Path.Combine(JobDirectory(entry.State.Id), StateFile), entry.State, JobsJsonContext.Default.JobState, cancellationToken).ConfigureAwait(false);
        entry.Signal();
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }

            Directory.CreateDirectory(_root);
            foreach (var directory in Directory.EnumerateDirectories(_root))
            {
                var id = Path.GetFileName(directory);
                if (!JobIds.IsValid(id))
                {
                    continue;
                }

                try
                {
                    if (await LoadAsync(id, directory, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        _jobs[id] = entry;
                    }
                }
                catch (Exception error) when (error is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
                {
                    LogUnreadable(logger, id, error);
                }
            }

            LogLoaded(logger, _jobs.Count, _root);
            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<Entry?> LoadAsync(string id, string directory, CancellationToken cancellationToken)
    {
        var statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath))
        {
            // An upload that never committed.
            DeleteDirectory(directory);
            return null;
        }

        JobState state;
        await using (var stream = File.OpenRead(statePath))
        {
            state = await JsonSerializer.DeserializeAsync(stream, JobsJsonContext.Default.JobState, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("Empty state file.");
        }

        var indexBytes = await File.ReadAllBytesAsync(Path.Combine(directory, IndexFile), cancellationToken).ConfigureAwait(false);
        var rowOffsets = new long[indexBytes.Length / 8];
        for (var i = 0; i < rowOffsets.Length; i++)
        {
            rowOffsets[i] = BinaryPrimitives.ReadInt64LittleEndian(indexBytes.AsSpan(i * 8));
        }

        if (rowOffsets.Length != state.ChunkCount + 1)
        {
            throw new InvalidDataException($"rows.idx has {rowOffsets.Length} offsets for {state.ChunkCount} chunks.");
        }

        var entry = new Entry(state, rowOffsets);
        state.Processed = state.Deliverable = state.Undeliverable = state.Risky = state.Unknown = state.RetriesPending = 0;
        state.Bounces.Clear();

        await ReadResultsBackAsync(entry, Path.Combine(directory, ResultsFile), cancellationToken).ConfigureAwait(false);

        var pendingDirectory = Path.Combine(directory, PendingFolder);
        if (Directory.Exists(pendingDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(pendingDirectory, "*.json"))
            {
                if (!int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
                    || chunk >= state.ChunkCount || entry.ResultOffsets[chunk] >= 0)
                {
                    File.Delete(file);
                    continue;
                }

                var pending = await ReadPendingAsync(file, cancellationToken).ConfigureAwait(false);
                var waiting = pending.Pending.ToHashSet();
                for (var row = 0; row < pending.Results.Length; row++)
                {
                    if (!waiting.Contains(row))
                    {
                        state.Count(pending.Results[row]);
                    }
                }

                state.RetriesPending += pending.Pending.Length;
                entry.Pending[chunk] = (pending.Attempt, pending.Pending.Length, pending.RetryAt);
            }
        }

        if (entry.DoneChunks == state.ChunkCount && state.Status is JobStatus.Queued or JobStatus.Running)
        {
            state.Status = JobStatus.Completed;
            state.CompletedAt ??= time.GetUtcNow();
        }

        await WriteJsonAtomicallyAsync(statePath, state, JobsJsonContext.Default.JobState, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Indexes results.bin, recounting every completed chunk, and cuts off a block left half-written.</summary>
    private static async Task ReadResultsBackAsync(Entry entry, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var state = entry.State;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 64 * 1024, useAsync: true);
        var header = new byte[BlockHeaderBytes];
        long position = 0;
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(header, BlockHeaderBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < BlockHeaderBytes)
            {
                break;
            }

            var chunk = BinaryPrimitives.ReadInt32LittleEndian(header);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
            if (chunk < 0 || chunk >= state.ChunkCount || length < 4 || position + BlockHeaderBytes + length > stream.Length)
            {
                break;
            }

            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
            if (entry.ResultOffsets[chunk] < 0)
            {
                foreach (var row in RowResultCodec.Decode(payload))
                {
                    state.Count(row);
                }

                entry.ResultOffsets[chunk] = position + BlockHeaderBytes;
                entry.ResultLengths[chunk] = length;
                entry.DoneChunks++;
            }

            position += BlockHeaderBytes + length;
        }

        if (position < stream.Length)
        {
            stream.SetLength(position);
        }
    }

    private static async Task<long> AppendBlockAsync(string path, int chunk, byte[] payload, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        var start = stream.Position;
        var header = new byte[BlockHeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, chunk);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), payload.Length);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        return start + BlockHeaderBytes;
    }

    private static async Task<byte[]> ReadAtAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var buffer = new byte[length];
        var done = 0;
        while (done < length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(done), offset + done, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} ends before offset {offset + length}.");
            }

            done += read;
        }

        return buffer;
    }

    private static async Task<PendingChunk> ReadPendingAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, JobsJsonContext.Default.PendingChunk, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("Empty pending file.");
    }

    private static async Task WriteJsonAtomicallyAsync<T>(string path, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, value, type, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private string PendingPath(string id, int chunk) =>
        Path.Combine(JobDirectory(id), PendingFolder, chunk.ToString(CultureInfo.InvariantCulture) + ".json");

    private static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job store: {Count} jobs found in {Directory}")]
    private static partial void LogLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} could not be read back and is skipped")]
    private static partial void LogUnreadable(ILogger logger, string jobId, Exception error);

    private sealed class Entry(JobState state, long[] rowOffsets)
    {
        private readonly Lock _sync = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public JobState State { get; } = state;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public long[] RowOffsets { get; } = rowOffsets;

        public long[] ResultOffsets { get; } = Enumerable.Repeat(-1L, state.ChunkCount).ToArray();

        public int[] ResultLengths { get; } = new int[state.ChunkCount];

        public Dictionary<int, (int Attempt, int PendingRows, DateTimeOffset RetryAt)> Pending { get; } = [];

        public int DoneChunks { get; set; }

        public bool Deleted { get; set; }

        /// <summary>A task that completes at the next change, or a completed one when a change was missed.</summary>
        public Task ChangedSince(long seenVersion)
        {
            lock (_sync)
            {
                return Deleted || State.Version != seenVersion ? Task.CompletedTask : _changed.Task;
            }
        }

        public void Signal()
        {
            TaskCompletionSource previous;
            lock (_sync)
            {
                previous = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            previous.TrySetResult();
        }
    }

    private sealed class Upload(FileJobStore store, string id, string directory) : IJobUpload
    {
        private readonly List<long> _offsets = [0];
        private FileStream? _rows = new(Path.Combine(directory, RowsFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        private bool _committed;

        public async ValueTask AppendChunkAsync(ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellationToken)
        {
            var stream = _rows ?? throw new InvalidOperationException("The upload is closed.");
            await stream.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
            _offsets.Add(_offsets[^1] + rows.Length);
        }

        public async Task CommitAsync(JobState state, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(state);
            if (state.ChunkCount != _offsets.Count - 1)
            {
                throw new InvalidOperationException($"The state says {state.ChunkCount} chunks; {_offsets.Count - 1} were written.");
            }

            if (_rows is { } rows)
            {
                await rows.DisposeAsync().ConfigureAwait(false);
                _rows = null;
            }

            var index = new byte[_offsets.Count * 8];
            for (var i = 0; i < _offsets.Count; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(i * 8), _offsets[i]);
            }

            await File.WriteAllBytesAsync(Path.Combine(directory, IndexFile), index, cancellationToken).ConfigureAwait(false);
            var entry = new Entry(state, [.. _offsets]);
            await store.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            store._jobs[id] = entry;
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_rows is { } rows)
            {
                await rows.DisposeAsync().ConfigureAwait(false);
                _rows = null;
            }

            if (!_committed)
            {
                DeleteDirectory(directory);
            }
        }
    }
}
