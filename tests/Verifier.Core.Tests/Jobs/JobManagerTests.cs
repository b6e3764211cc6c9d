using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Csv;
using Verifier.Core.Jobs.InProcess;

namespace Verifier.Core.Tests.Jobs;

/// <summary>What the API asks of jobs, through <see cref="JobManager"/> alone: progress as it changes, and the results.</summary>
public sealed class JobManagerTests : IDisposable
{
    private static readonly RowResult Accepted = new(Verdict.Deliverable, Reason.Accepted, 250, "2.1.5", null);
    private static readonly RowResult NotFound = new(Verdict.Undeliverable, Reason.MailboxNotFound, 550, "5.1.1", null);

    private readonly string directory = Path.Combine(Path.GetTempPath(), "verifier-manager-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FileJobStore store;
    private readonly ChannelJobQueue queue;
    private readonly JobCancellations cancellations = new();
    private readonly JobManager jobs;

    public JobManagerTests()
    {
        var options = Options.Create(new JobsOptions { DataDirectory = directory, ChunkSize = 1 });
        store = new FileJobStore(options, time, NullLogger<FileJobStore>.Instance);
        queue = new ChannelJobQueue(time);
        jobs = new JobManager(store, queue, new JobIngest(store, options, time), cancellations);
    }

    public void Dispose()
    {
        store.Dispose();
        queue.Dispose();
        cancellations.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Watching_gives_the_progress_at_once_and_at_each_change_and_ends_with_the_finished_state()
    {
        var job = await SubmitAsync("email\na@x.test\nb@x.test\n");
        var seen = new List<JobProgress>();
        var watching = WatchAsync(job, seen);

        await WaitUntilAsync(() => Count(seen) == 1);
        await store.RecordAsync(job.Id, new ChunkOutcome(0, 1, [Accepted], [0], [], null), default);
        await WaitUntilAsync(() => Count(seen) == 2);
        await store.RecordAsync(job.Id, new ChunkOutcome(1, 1, [NotFound], [0], [], null), default);
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([JobStatus.Queued, JobStatus.Running, JobStatus.Completed], seen.Select(p => p.Status));
        Assert.Equal([0L, 1L, 2L], seen.Select(p => p.Processed));
        Assert.Equal(new JobVerdictCounts(1, 1, 0, 0), seen[^1].Counts);
    }

    [Fact]
    public async Task A_job_deleted_while_watched_ends_the_watch_as_cancelled()
    {
        var job = await SubmitAsync("email\na@x.test\n");
        var seen = new List<JobProgress>();
        var watching = WatchAsync(job, seen);

        await WaitUntilAsync(() => Count(seen) == 1);
        Assert.True(await jobs.DeleteAsync(job.Id, default));
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([JobStatus.Queued, JobStatus.Cancelled], seen.Select(p => p.Status));
    }

    [Fact]
    public async Task Results_are_written_as_the_uploaded_rows_with_the_verdict_columns()
    {
        var job = await SubmitAsync("email\na@x.test\nb@x.test\n");
        await store.RecordAsync(job.Id, new ChunkOutcome(0, 1, [Accepted], [0], [], null), default);
        var done = (await store.RecordAsync(job.Id, new ChunkOutcome(1, 1, [NotFound], [0], [], null), default)).State!;

        using var output = new MemoryStream();
        await jobs.WriteResultsAsync(output, done, json: false, verdicts: null, default);

        Assert.Equal(
            "email,verdict,reason,smtp_code,smtp_enhanced_code,suggestion\na@x.test,deliverable,accepted,250,2.1.5,\nb@x.test,undeliverable,mailbox_not_found,550,5.1.1,\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    /// <summary>Collects every progress the watch gives, on another thread, until it ends.</summary>
    private Task WatchAsync(JobState job, List<JobProgress> seen) => Task.Run(async () =>
    {
        await foreach (var progress in jobs.WatchAsync(job, CancellationToken.None))
        {
            lock (seen)
            {
                seen.Add(progress);
            }
        }
    });

    private Task<JobState> SubmitAsync(string csv) =>
        jobs.SubmitAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new JobSubmission(EmailColumnChoice.Auto), default);

    private static int Count(List<JobProgress> seen)
    {
        lock (seen)
        {
            return seen.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(10);
        }
    }
}
