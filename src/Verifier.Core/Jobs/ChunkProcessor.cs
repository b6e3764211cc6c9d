using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Jobs.Callbacks;
using Verifier.Core.Jobs.Csv;
using Verifier.Core.Telemetry;
using Verifier.Core.Verification;

namespace Verifier.Core.Jobs;

/// <summary>
/// One attempt at one chunk: read its rows, verify their addresses with <see cref="IBatchVerifier"/> (one
/// call per chunk, so a domain's addresses share SMTP sessions), and record the outcome. Greylisted,
/// unavailable and timed-out rows are asked again later, after <see cref="JobsOptions.RetryDelay"/>, up to
/// <see cref="JobsOptions.MaxRetries"/> times, then reported as they last were. Rows whose email cell is
/// empty or missing get <see cref="RowResult.MissingAddress"/> without a check.
/// </summary>
public sealed partial class ChunkProcessor(
    IJobStore store,
    IJobQueue queue,
    IBatchVerifier verifier,
    JobCallbackSender callbacks,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<ChunkProcessor> logger)
{
    public async Task ProcessAsync(ChunkWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var state = await store.GetAsync(work.JobId, cancellationToken).ConfigureAwait(false);
        if (state is null || state.IsFinished)
        {
            return;
        }

        if (state.Status == JobStatus.Queued && await store.MarkRunningAsync(work.JobId, cancellationToken).ConfigureAwait(false))
        {
            VerifierMetrics.JobStarted();
        }

        var pending = await store.GetPendingAsync(work.JobId, work.Chunk, cancellationToken).ConfigureAwait(false);
        if (pending is not null && pending.RetryAt > time.GetUtcNow())
        {
            // Delivered early (e.g. queued again at a restart): wait for the retry time.
            await queue.ScheduleAsync(work, pending.RetryAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        var emails = await ReadEmailsAsync(state, work.Chunk, cancellationToken).ConfigureAwait(false);
        var results = pending?.Results.ToArray() ?? new RowResult[emails.Length];
        int[] toVerify;
        if (pending is null)
        {
            var present = new List<int>(emails.Length);
            for (var row = 0; row < emails.Length; row++)
            {
                if (emails[row] is null)
                {
                    results[row] = RowResult.MissingAddress;
                }
                else
                {
                    present.Add(row);
                }
            }

            toVerify = [.. present];
        }
        else
        {
            toVerify = pending.Pending;
        }

        var attempt = (pending?.Attempt ?? 0) + 1;
        if (toVerify.Length > 0)
        {
            var verified = await verifier.VerifyManyAsync(
                [.. toVerify.Select(row => emails[row]!)],
                new BatchVerificationOptions(state.Smtp, Refresh: pending is not null, Bulk: true),
                cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < toVerify.Length; i++)
            {
                results[toVerify[i]] = RowResult.From(verified[i]);
            }
        }

        var limits = options.Value;
        var retry = attempt <= limits.MaxRetries
            ? toVerify.Where(row => results[row].IsRetryable).ToArray()
            : [];
        var waiting = retry.ToHashSet();
        var finalized = pending is null
            ? Enumerable.Range(0, results.Length).Where(row => !waiting.Contains(row)).ToArray()
            : toVerify.Where(row => !waiting.Contains(row)).ToArray();
        var retryAt = retry.Length > 0 ? time.GetUtcNow() + limits.RetryDelay(attempt) : (DateTimeOffset?)null;

        var recorded = await store.RecordAsync(
            work.JobId,
            new ChunkOutcome(work.Chunk, attempt, results, finalized, retry, retryAt),
            cancellationToken).ConfigureAwait(false);
        if (!recorded.Accepted)
        {
            return;
        }

        VerifierMetrics.JobChunkRecorded(finalized.Length, retry.Length, pending?.Pending.Length ?? 0);

        if (retryAt is { } due)
        {
            LogRetryScheduled(logger, work.JobId, work.Chunk, retry.Length, attempt);
            await queue.ScheduleAsync(work, due, cancellationToken).ConfigureAwait(false);
        }

        if (recorded.JobCompleted && recorded.State is { } done)
        {
            VerifierMetrics.JobEnded(JobStatus.Running);
            LogCompleted(logger, work.JobId, done.Total);
            await callbacks.SendOnceAsync(done, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The email cell of each row of the chunk, trimmed; null when empty or missing.</summary>
    private async Task<string?[]> ReadEmailsAsync(JobState state, int chunk, CancellationToken cancellationToken)
    {
        var bytes = await store.ReadChunkRowsAsync(state.Id, chunk, cancellationToken).ConfigureAwait(false);
        var emails = new string?[state.RowsIn(chunk)];
        using var reader = new CsvRecordReader(
            new MemoryStream(bytes.ToArray(), writable: false), state.Layout.Delimiter, Math.Max(bytes.Length, 1024), state.Layout.TextEncoding);
        var row = 0;
        while (reader.Read())
        {
            if (row >= emails.Length)
            {
                throw new InvalidDataException($"Chunk {chunk} holds more rows than the {emails.Length} recorded.");
            }

            var cell = reader.GetFieldOrNull(state.Layout.EmailColumn)?.Trim();
            emails[row++] = string.IsNullOrEmpty(cell) ? null : cell;
        }

        if (row != emails.Length)
        {
            throw new InvalidDataException($"Chunk {chunk} holds {row} rows; {emails.Length} were recorded.");
        }

        return emails;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} chunk {Chunk}: {Rows} rows to retry after attempt {Attempt}")]
    private static partial void LogRetryScheduled(ILogger logger, string jobId, int chunk, int rows, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} completed: {Total} rows")]
    private static partial void LogCompleted(ILogger logger, string jobId, long total);
}
