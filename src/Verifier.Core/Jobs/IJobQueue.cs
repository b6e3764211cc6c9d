namespace Verifier.Core.Jobs;

/// <summary>
/// Hands chunks to workers. The in-process backend is a channel in memory (a restart re-queues from the
/// store); a shared backend (Redis Streams with a consumer group) redelivers chunks whose consumer died
/// before acknowledging, so any instance can finish any job.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public interface IJobQueue
{
    /// <summary>
    /// True when the queue lives outside this process (Redis): it keeps its chunks across restarts and hands
    /// those of a dead instance to another, so the worker does not queue unfinished chunks again at start.
    /// </summary>
    bool IsShared { get; }

    /// <summary>Queues chunks to be processed as soon as a worker is free.</summary>
    ValueTask EnqueueAsync(IEnumerable<ChunkWork> work, CancellationToken cancellationToken);

    /// <summary>Queues a chunk to be processed no earlier than <paramref name="due"/> (a retry).</summary>
    ValueTask ScheduleAsync(ChunkWork work, DateTimeOffset due, CancellationToken cancellationToken);

    /// <summary>Chunks as they become due; several consumers may read at once, each chunk goes to one.</summary>
    IAsyncEnumerable<ChunkDelivery> ConsumeAsync(CancellationToken cancellationToken);

    /// <summary>Says the chunk was processed (its outcome is in the store) and must not be delivered again.</summary>
    ValueTask AcknowledgeAsync(ChunkDelivery delivery, CancellationToken cancellationToken);
}
