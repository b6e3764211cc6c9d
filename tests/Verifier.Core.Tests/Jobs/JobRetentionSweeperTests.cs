using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Csv;
using Verifier.Core.Jobs.InProcess;

namespace Verifier.Core.Tests.Jobs;

public sealed class JobRetentionSweeperTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "verifier-sweep-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Jobs_older_than_the_retention_are_deleted_with_their_files()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = Options.Create(new JobsOptions { DataDirectory = _directory, Retention = TimeSpan.FromDays(7) });
        using var store = new FileJobStore(options, time, NullLogger<FileJobStore>.Instance);
        using var queue = new ChannelJobQueue(time);
        using var cancellations = new JobCancellations();
        var jobs = new JobManager(store, queue, new JobIngest(store, options, time), cancellations);
        using var sweeper = new JobRetentionSweeper(jobs, options, time, NullLogger<JobRetentionSweeper>.Instance);

        var old = await jobs.SubmitAsync(new MemoryStream(Encoding.UTF8.GetBytes("email\na@x.test\n")), new JobSubmission(EmailColumnChoice.Auto), default);
        time.Advance(TimeSpan.FromDays(6));
        var recent = await jobs.SubmitAsync(new MemoryStream(Encoding.UTF8.GetBytes("email\nb@x.test\n")), new JobSubmission(EmailColumnChoice.Auto), default);

        Assert.Equal(0, await sweeper.SweepAsync(default));
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await sweeper.SweepAsync(default));

        Assert.Null(await store.GetAsync(old.Id, default));
        Assert.False(Directory.Exists(Path.Combine(_directory, old.Id)));
        Assert.NotNull(await store.GetAsync(recent.Id, default));
    }
}
