using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Verifier.Core.Jobs;

/// <summary>Deletes jobs and all their data once they are older than <see cref="JobsOptions.Retention"/>, every <see cref="JobsOptions.SweepInterval"/>.</summary>
public sealed partial class JobRetentionSweeper(
    JobManager jobs,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobRetentionSweeper> logger) : BackgroundService
{
    /// <summary>Deletes every expired job now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var id in await jobs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } state && state.ExpiresAt <= now
                && await jobs.DeleteAsync(id, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            LogSwept(logger, removed);
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (JobStoreUnavailableException)
                {
                    // Redis is away; the next sweep looks again, and Redis expires the jobs' keys by itself.
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired jobs deleted: {Count}")]
    private static partial void LogSwept(ILogger logger, int count);
}
