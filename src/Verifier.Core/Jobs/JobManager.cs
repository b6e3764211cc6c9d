using System.Runtime.CompilerServices;
using Verifier.Core.Classification;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Jobs;

/// <summary>
/// What the API does with jobs: submit an upload, look one up, follow its progress, write its results, delete it.
/// The store and the queue stay behind it.
/// </summary>
public sealed class JobManager(IJobStore store, IJobQueue queue, JobIngest ingest, JobCancellations cancellations)
{
    /// <summary>How long <see cref="WatchAsync"/> waits for a change before looking again.</summary>
    public static readonly TimeSpan WatchPoll = TimeSpan.FromSeconds(15);

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

    /// <summary>The ids of every stored job.</summary>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>
    /// The job's progress from <paramref name="first"/> on: at once, then at every change. The last one is the
    /// finished state (completed, failed or cancelled), or, when the job is deleted while watched, its last progress
    /// marked cancelled.
    /// </summary>
    public async IAsyncEnumerable<JobProgress> WatchAsync(JobState first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        var state = first;
        long? seen = null;
        while (true)
        {
            if (state.Version != seen)
            {
                seen = state.Version;
                yield return state.ToProgress();
                if (state.IsFinished)
                {
                    yield break;
                }
            }

            await store.WaitForChangeAsync(state.Id, state.Version, WatchPoll, cancellationToken).ConfigureAwait(false);
            var next = await store.GetAsync(state.Id, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                yield return state.ToProgress() with { Status = JobStatus.Cancelled };
                yield break;
            }

            state = next;
        }
    }

    /// <summary>Writes a completed job's results as CSV or JSON, chunk by chunk (see <see cref="JobResultsWriter"/>).</summary>
    /// <param name="verdicts">The verdicts to keep; every row when null.</param>
    public Task WriteResultsAsync(Stream output, JobState state, bool json, IReadOnlySet<Verdict>? verdicts, CancellationToken cancellationToken) =>
        json
            ? JobResultsWriter.WriteJsonAsync(output, state, store, verdicts, cancellationToken)
            : JobResultsWriter.WriteCsvAsync(output, state, store, verdicts, cancellationToken);

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
