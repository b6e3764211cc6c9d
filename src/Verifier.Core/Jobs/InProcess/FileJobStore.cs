using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Verifier.Core.Jobs.InProcess;

/// <summary>
/// The in-process job store: one folder per job under <see cref="JobsOptions.DataDirectory"/> (<see cref="JobFolder"/>
/// says what is in it), indexed in memory (<see cref="FileJobEntry"/>) and read back at start
/// (<see cref="FileJobRecovery"/>). Every change of a job happens under its entry's lock.
/// </summary>
public sealed partial class FileJobStore(IOptions<JobsOptions> options, TimeProvider time, ILogger<FileJobStore> logger)
    : IJobStore, IDisposable
{
    private readonly string _root = Path.GetFullPath(options.Value.DataDirectory);
    private readonly ConcurrentDictionary<string, FileJobEntry> _jobs = new(StringComparer.Ordinal);
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
        var folder = new JobFolder(JobDirectory(id));
        Directory.CreateDirectory(folder.Directory);
        return new FileJobUpload(folder, async (entry, ct) =>
        {
            await SaveAsync(entry, ct).ConfigureAwait(false);
            _jobs[id] = entry;
        });
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
        return await entry.Folder.ReadRowsAsync(start, length, cancellationToken).ConfigureAwait(false);
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
                ? await entry.Folder.ReadPendingAsync(chunk, cancellationToken).ConfigureAwait(false)
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

            var folder = entry.Folder;
            if (outcome.Pending.Length == 0)
            {
                var payload = RowResultCodec.Encode(outcome.Results);
                var offset = await folder.AppendResultsAsync(outcome.Chunk, payload, cancellationToken).ConfigureAwait(false);
                if (previous.Attempt > 0)
                {
                    folder.DeletePending(outcome.Chunk);
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
                await folder.WritePendingAsync(outcome.Chunk, pending, cancellationToken).ConfigureAwait(false);
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

        var payload = await entry.Folder.ReadResultsAsync(entry.ResultOffsets[chunk], entry.ResultLengths[chunk], cancellationToken).ConfigureAwait(false);
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
            entry.Folder.Delete();
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

    private async Task<FileJobEntry?> FindAsync(string id, CancellationToken cancellationToken)
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
    private static async Task SaveAsync(FileJobEntry entry, CancellationToken cancellationToken)
    {
        entry.State.Version++;
        await entry.Folder.WriteStateAsync(entry.State, cancellationToken).ConfigureAwait(false);
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
                    if (await FileJobRecovery.LoadAsync(new JobFolder(directory), time, cancellationToken).ConfigureAwait(false) is { } entry)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Job store: {Count} jobs found in {Directory}")]
    private static partial void LogLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} could not be read back and is skipped")]
    private static partial void LogUnreadable(ILogger logger, string jobId, Exception error);
}
