using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Jobs.Callbacks;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Jobs;

/// <summary>
/// Processes queued chunks, <see cref="WorkerOptions.Concurrency"/> at a time, when
/// <see cref="WorkerOptions.Enabled"/>. At start it sends callbacks a completed job did not get and, with the
/// in-process queue (which forgets everything at a restart), re-queues every unfinished chunk of the stored
/// jobs, retries at their due time. A chunk that throws is tried again a few times, then its job fails with
/// the reason. While the shared backend is unreachable, the chunk is left unacknowledged (it is delivered
/// again once Redis is back) and the worker waits; the outage is logged once.
/// </summary>
public sealed partial class JobWorker(
    IJobStore store,
    IJobQueue queue,
    ChunkProcessor processor,
    JobCancellations cancellations,
    JobCallbackSender callbacks,
    JobBackendOutage outage,
    IOptions<WorkerOptions> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private const int MaxFailuresPerChunk = 3;

    private readonly Dictionary<ChunkWork, int> _failures = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            await RecoverWhenReachableAsync(stoppingToken).ConfigureAwait(false);
            await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(_ => ConsumeAsync(stoppingToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; unfinished chunks resume at the next start.
        }
    }

    /// <summary>
    /// Sends the callbacks of completed jobs that did not get theirs and, unless the queue is shared, queues the
    /// unfinished chunks of every stored job that is queued or running.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                continue;
            }

            if (state.Status == JobStatus.Completed)
            {
                await callbacks.SendOnceAsync(state, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (state.IsFinished || queue.IsShared)
            {
                continue;
            }

            if (state.Status == JobStatus.Queued)
            {
                VerifierMetrics.JobQueued();
            }
            else
            {
                VerifierMetrics.JobResumed();
            }

            var unfinished = await store.GetUnfinishedChunksAsync(id, cancellationToken).ConfigureAwait(false);
            await queue.EnqueueAsync(unfinished.Where(c => c.RetryAt is null).Select(c => new ChunkWork(id, c.Chunk)), cancellationToken).ConfigureAwait(false);
            foreach (var (chunk, retryAt) in unfinished.Where(c => c.RetryAt is not null))
            {
                await queue.ScheduleAsync(new ChunkWork(id, chunk), retryAt!.Value, cancellationToken).ConfigureAwait(false);
                if (await store.GetPendingAsync(id, chunk, cancellationToken).ConfigureAwait(false) is { } waiting)
                {
                    VerifierMetrics.JobRetriesFound(waiting.Pending.Length);
                }
            }

            LogResumed(logger, id, unfinished.Count);
        }
    }

    private async Task RecoverWhenReachableAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await RecoverAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (JobStoreUnavailableException error)
            {
                outage.ReportFailure(error.Message);
                await Task.Delay(JobBackendOutage.RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in queue.ConsumeAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (!await HandleAsync(delivery, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (JobStoreUnavailableException error)
            {
                // Not acknowledged: the chunk stays pending in the queue and is taken again once Redis is back.
                outage.ReportFailure(error.Message);
                await Task.Delay(JobBackendOutage.RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Processes one delivery; false when stopping.</summary>
    private async Task<bool> HandleAsync(ChunkDelivery delivery, CancellationToken stoppingToken)
    {
        var work = delivery.Work;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, cancellations.TokenFor(work.JobId));
        try
        {
            await processor.ProcessAsync(work, linked.Token).ConfigureAwait(false);
            await queue.AcknowledgeAsync(delivery, stoppingToken).ConfigureAwait(false);
            Forget(work);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Not acknowledged: the chunk is processed again after the restart.
            return false;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The job was deleted while this chunk ran.
            await queue.AcknowledgeAsync(delivery, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException and not JobStoreUnavailableException)
        {
            await FailedAsync(delivery, error, stoppingToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task FailedAsync(ChunkDelivery delivery, Exception error, CancellationToken stoppingToken)
    {
        var work = delivery.Work;
        int failures;
        lock (_failures)
        {
            failures = _failures[work] = _failures.GetValueOrDefault(work) + 1;
        }

        await queue.AcknowledgeAsync(delivery, stoppingToken).ConfigureAwait(false);
        if (failures < MaxFailuresPerChunk)
        {
            LogChunkFailed(logger, work.JobId, work.Chunk, failures, error);
            await queue.EnqueueAsync([work], stoppingToken).ConfigureAwait(false);
            return;
        }

        LogJobFailed(logger, work.JobId, work.Chunk, error);
        Forget(work);
        var before = await store.GetAsync(work.JobId, stoppingToken).ConfigureAwait(false);
        await store.FailAsync(work.JobId, $"Chunk {work.Chunk} could not be processed: {error.Message}", stoppingToken).ConfigureAwait(false);
        if (before is { IsFinished: false })
        {
            VerifierMetrics.JobEnded(before.Status);
        }
    }

    private void Forget(ChunkWork work)
    {
        lock (_failures)
        {
            _failures.Remove(work);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker disabled on this instance (Verifier:Worker:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: {Chunks} unfinished chunks queued again")]
    private static partial void LogResumed(ILogger logger, string jobId, int chunks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} chunk {Chunk} failed (try {Failures}); queued again")]
    private static partial void LogChunkFailed(ILogger logger, string jobId, int chunk, int failures, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed at chunk {Chunk}")]
    private static partial void LogJobFailed(ILogger logger, string jobId, int chunk, Exception error);
}
