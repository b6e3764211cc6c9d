namespace Verifier.Core.Jobs;

/// <summary>A new job's rows being stored. Disposing it without committing discards everything written.</summary>
public interface IJobUpload : IAsyncDisposable
{
    /// <summary>Appends the next chunk: the exact bytes of its records.</summary>
    ValueTask AppendChunkAsync(ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellationToken);

    /// <summary>Makes the job visible with this initial state (and queues its chunks when <see cref="IJobStore.QueuesChunksOnCommit"/>).</summary>
    Task CommitAsync(JobState state, CancellationToken cancellationToken);
}
