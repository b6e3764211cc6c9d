namespace Verifier.Core.Jobs.InProcess;

/// <summary>
/// What <see cref="FileJobStore"/> keeps in memory about one job: its state, where its chunks' rows and results are in
/// its files, the chunks waiting for a retry, and a signal for those watching it. Changed only under <see cref="Lock"/>.
/// </summary>
internal sealed class FileJobEntry(JobFolder folder, JobState state, long[] rowOffsets)
{
    private readonly Lock _sync = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JobFolder Folder { get; } = folder;

    public JobState State { get; } = state;

    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Where each chunk starts in rows.csv, and where the last ends.</summary>
    public long[] RowOffsets { get; } = rowOffsets;

    /// <summary>Where each completed chunk's payload starts in results.bin; -1 while not completed.</summary>
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
