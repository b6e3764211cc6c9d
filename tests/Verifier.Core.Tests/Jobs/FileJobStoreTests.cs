using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Csv;
using Verifier.Core.Jobs.InProcess;

namespace Verifier.Core.Tests.Jobs;

public sealed class FileJobStoreTests : IDisposable
{
    private static readonly RowResult Accepted = new(Verdict.Deliverable, Reason.Accepted, 250, "2.1.5", null);
    private static readonly RowResult NotFound = new(Verdict.Undeliverable, Reason.MailboxNotFound, 550, "5.1.1", null);
    private static readonly RowResult Greylisted = new(Verdict.Unknown, Reason.Greylisted, 450, "4.2.0", null);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "verifier-store-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Ingest_stores_the_rows_chunk_by_chunk_byte_for_byte()
    {
        using var store = Store();
        var state = await Ingest(store, "\uFEFFname;email\r\nA;a@x.test\r\nB;\"b\r\n\"\r\nC;c@x.test\r\n", chunkSize: 2);

        Assert.Equal(3, state.Total);
        Assert.Equal(2, state.ChunkCount);
        Assert.True(state.Layout.HasBom);
        Assert.Equal((byte)';', state.Layout.Delimiter);
        Assert.Equal("\r\n", state.Layout.LineEnding);
        Assert.Equal("name;email", Encoding.UTF8.GetString(state.HeaderBytes!));
        Assert.Equal("A;a@x.test\r\nB;\"b\r\n\"\r\n", Encoding.UTF8.GetString((await store.ReadChunkRowsAsync(state.Id, 0, default)).Span));
        Assert.Equal("C;c@x.test\r\n", Encoding.UTF8.GetString((await store.ReadChunkRowsAsync(state.Id, 1, default)).Span));
    }

    [Theory]
    [InlineData(2, 1_000_000, JobRejection.TooManyRows)]
    [InlineData(1000, 1024, JobRejection.TooLarge)]
    public async Task Refused_uploads_leave_nothing_behind(int maxRows, long maxBytes, JobRejection expected)
    {
        using var store = Store();
        var csv = "email\n" + string.Concat(Enumerable.Range(0, 120).Select(i => $"user{i}@x.test\n"));

        var error = await Assert.ThrowsAsync<JobRejectedException>(() => Ingest(store, csv, maxRows: maxRows, maxBytes: maxBytes));

        Assert.Equal(expected, error.Rejection);
        Assert.True(!Directory.Exists(_directory) || !Directory.EnumerateDirectories(_directory).Any());
        Assert.Empty(await store.ListAsync(default));
    }

    [Fact]
    public async Task Recording_counts_rows_once_and_completes_the_job()
    {
        using var store = Store();
        var state = await Ingest(store, "email\na@x.test\nb@x.test\nc@x.test\n", chunkSize: 2);

        var first = await store.RecordAsync(state.Id, new ChunkOutcome(0, 1, [Accepted, NotFound], [0, 1], [], null), default);
        var duplicate = await store.RecordAsync(state.Id, new ChunkOutcome(0, 1, [Accepted, NotFound], [0, 1], [], null), default);
        var last = await store.RecordAsync(state.Id, new ChunkOutcome(1, 1, [Accepted], [0], [], null), default);

        Assert.True(first.Accepted);
        Assert.False(duplicate.Accepted);
        Assert.True(last.JobCompleted);
        var done = (await store.GetAsync(state.Id, default))!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(3, done.Processed);
        Assert.Equal(2, done.Deliverable);
        Assert.Equal(1, done.Undeliverable);
        Assert.Equal(1, done.Bounces[550]);
        Assert.Equal(_time.GetUtcNow(), done.CompletedAt);
        Assert.Equal([Accepted, NotFound], await store.ReadChunkResultsAsync(state.Id, 0, default));
    }

    [Fact]
    public async Task A_new_store_reads_everything_back_and_cuts_a_half_written_block()
    {
        string id;
        using (var store = Store())
        {
            var state = await Ingest(store, "email\na@x.test\nb@x.test\nc@x.test\nd@x.test\ne@x.test\n", chunkSize: 2);
            id = state.Id;
            await store.RecordAsync(id, new ChunkOutcome(0, 1, [Accepted, NotFound], [0, 1], [], null), default);
            await store.RecordAsync(id, new ChunkOutcome(1, 1, [Greylisted, Accepted], [1], [0], _time.GetUtcNow().AddMinutes(1)), default);
        }

        // A crash in the middle of appending chunk 2's results.
        await File.AppendAllTextAsync(Path.Combine(_directory, id, "results.bin"), "\u0002\0\0\0\u00ff\0");

        using var reopened = Store();
        var state2 = (await reopened.GetAsync(id, default))!;
        Assert.Equal(JobStatus.Running, state2.Status);
        Assert.Equal(3, state2.Processed);
        Assert.Equal(1, state2.RetriesPending);
        Assert.Equal(
            [(1, (DateTimeOffset?)_time.GetUtcNow().AddMinutes(1)), (2, null)],
            await reopened.GetUnfinishedChunksAsync(id, default));
        var pending = (await reopened.GetPendingAsync(id, 1, default))!;
        Assert.Equal(1, pending.Attempt);
        Assert.Equal([0], pending.Pending);

        // The retry of chunk 1 and the first attempt of chunk 2 finish the job.
        Assert.True((await reopened.RecordAsync(id, new ChunkOutcome(1, 2, [Accepted, Accepted], [0], [], null), default)).Accepted);
        Assert.True((await reopened.RecordAsync(id, new ChunkOutcome(2, 1, [NotFound], [0], [], null), default)).JobCompleted);
        var done = (await reopened.GetAsync(id, default))!;
        Assert.Equal(5, done.Processed);
        Assert.Equal(0, done.RetriesPending);
        Assert.Equal(3, done.Deliverable);
        Assert.Equal(2, done.Undeliverable);
    }

    [Fact]
    public async Task Delete_removes_the_folder_and_wakes_watchers()
    {
        using var store = Store();
        var state = await Ingest(store, "email\na@x.test\n");
        var watcher = store.WaitForChangeAsync(state.Id, state.Version, TimeSpan.FromMinutes(1), default);

        Assert.True(await store.DeleteAsync(state.Id, default));

        await watcher.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(Directory.Exists(Path.Combine(_directory, state.Id)));
        Assert.Null(await store.GetAsync(state.Id, default));
        Assert.False(await store.DeleteAsync(state.Id, default));
    }

    [Fact]
    public async Task Ids_that_are_not_job_ids_are_never_paths()
    {
        using var store = Store();

        Assert.Null(await store.GetAsync("../../etc", default));
        Assert.False(await store.DeleteAsync("..", default));
        Assert.False(JobIds.IsValid("0123456789ABCDEF0123456789ABCDEF"));
        Assert.True(JobIds.IsValid(JobIds.New()));
    }

    private FileJobStore Store() =>
        new(Options.Create(new JobsOptions { DataDirectory = _directory }), _time, NullLogger<FileJobStore>.Instance);

    private Task<JobState> Ingest(FileJobStore store, string csv, int chunkSize = 500, int maxRows = 1_000_000, long maxBytes = 1 << 20)
    {
        var options = Options.Create(new JobsOptions { DataDirectory = _directory, ChunkSize = chunkSize, MaxRows = maxRows, MaxUploadBytes = maxBytes });
        var ingest = new JobIngest(store, options, _time);
        return ingest.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new JobSubmission(EmailColumnChoice.Auto), default);
    }
}
