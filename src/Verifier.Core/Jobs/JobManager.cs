using Verifier.Core.Telemetry;

namespace Verifier.Core.Jobs;

/// <summary>What the API does with jobs: submit an upload, look one up, delete one.</summary>
public sealed class JobManager(IJobStore store, IJobQueue queue, JobIngest ingest, JobCancellations cancellations)
{
    public IJobStore Store => store;

    /// <summary>Stores the upload as a new job and queues all its chunks (the store does both at once when it can).</summary>
    /// <exception cref="JobRejectedException">The upload is refused; nothing is kept.</exception>
    public async Task<JobState> SubmitAsync(Stream upload, JobSubmission submission, CancellationToken cancellationToken)
    {
        var state = await ingest.IngestAsync(upload, submission, cancellationToken).ConfigureAwait(false);
        VerifierMetrics.JobQueued();
        if (!store.QueuesChunksOnCommit)
        {
            await queue.EnqueueAsync(Enumerable.Range(0, state.ChunkCount).Select(chunk => new ChunkWork(state.Id, chunk)), cancellationToken).ConfigureAwait(false);
        }

        return state;
    }

    public Task<JobState?> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    /// <summary>Cancels the job's work in progress and removes all its data.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        cancellations.Cancel(id);
        var before = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var deleted = await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        if (deleted && before is not null)
        {
            VerifierMetrics.JobEnded(before.Status);
        }

        return deleted;
    }
}
