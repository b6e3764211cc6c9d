namespace Verifier.Core.Jobs;

/// <summary>
/// Where jobs live: their rows (kept as the uploaded bytes, chunk by chunk), their results, the chunks
/// waiting for a retry, and their totals. Every change of a job is atomic with respect to the others.
/// The in-process backend keeps files under <c>Verifier:Jobs:DataDirectory</c>; a shared backend (Redis)
/// implements the same contract so that any instance can serve any job.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// True when committing a job also puts every one of its chunks in the shared work queue, in the same atomic
    /// step (Redis): no instance can die between the two. False: whoever commits queues the chunks (in-process,
    /// where a restart queues every unfinished chunk again anyway).
    /// </summary>
    bool QueuesChunksOnCommit { get; }

    /// <summary>Starts storing a new job's rows; nothing is visible until <see cref="IJobUpload.CommitAsync"/>.</summary>
    Task<IJobUpload> BeginAsync(string id, CancellationToken cancellationToken);

    /// <summary>A copy of the job's state, or null when there is no such job (never was, expired or deleted).</summary>
    Task<JobState?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The ids of every stored job.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Queued → running, the first time a chunk is taken; false when the job is not queued.</summary>
    Task<bool> MarkRunningAsync(string id, CancellationToken cancellationToken);

    /// <summary>The exact bytes of chunk <paramref name="chunk"/>'s records, line terminators included.</summary>
    Task<ReadOnlyMemory<byte>> ReadChunkRowsAsync(string id, int chunk, CancellationToken cancellationToken);

    /// <summary>The results of a chunk that waits for a retry; null when it does not.</summary>
    Task<PendingChunk?> GetPendingAsync(string id, int chunk, CancellationToken cancellationToken);

    /// <summary>
    /// Records one attempt at a chunk, atomically: the rows it finalised join the totals; a chunk with no row
    /// left to retry is appended to the results, otherwise it is kept as pending. An attempt that was already
    /// recorded (a duplicate delivery) or that concerns a finished or deleted job changes nothing.
    /// </summary>
    Task<ChunkRecorded> RecordAsync(string id, ChunkOutcome outcome, CancellationToken cancellationToken);

    /// <summary>A completed chunk's results, one per row in row order; null when the chunk is not completed.</summary>
    Task<IReadOnlyList<RowResult>?> ReadChunkResultsAsync(string id, int chunk, CancellationToken cancellationToken);

    /// <summary>The chunks without final results: those never recorded (retry at null) and those pending (retry at their time).</summary>
    Task<IReadOnlyList<(int Chunk, DateTimeOffset? RetryAt)>> GetUnfinishedChunksAsync(string id, CancellationToken cancellationToken);

    /// <summary>Marks the completion callback as made; false when it already was (so it is made once).</summary>
    Task<bool> TryClaimCallbackAsync(string id, CancellationToken cancellationToken);

    /// <summary>Ends the job as failed, saying why.</summary>
    Task FailAsync(string id, string reason, CancellationToken cancellationToken);

    /// <summary>Removes the job and all its data at once; false when there was no such job.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Returns when the job's <see cref="JobState.Version"/> differs from <paramref name="seenVersion"/>, the job is gone, or <paramref name="timeout"/> passes.</summary>
    Task WaitForChangeAsync(string id, long seenVersion, TimeSpan timeout, CancellationToken cancellationToken);
}
