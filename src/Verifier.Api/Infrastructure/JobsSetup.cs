using Verifier.Api.Startup;
using Verifier.Core.Caching.Redis;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.InProcess;
using Verifier.Core.Jobs.Redis;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Registers bulk CSV jobs: options, the backend, the worker (when Verifier:Worker:Enabled) and the retention
/// sweep. The backend is Redis when <c>ConnectionStrings:Redis</c> is set (job state, rows and results in Redis,
/// work in a Redis Stream read by every instance's worker, through the process's one <see cref="RedisConnection"/>),
/// else in-process (job files under Verifier:Jobs:DataDirectory and a channel queue).
/// </summary>
internal static class JobsSetup
{
    public static WebApplicationBuilder AddVerifierJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<JobsOptions>(JobsOptions.SectionName)
            .PostConfigure(options => options.DataDirectory = InApplicationFolder(options.DataDirectory));
        services.AddSettings<WorkerOptions>(WorkerOptions.SectionName);

        if (CacheSetup.RedisConnectionString(builder.Configuration) is not null)
        {
            // RedisConnection is registered by AddVerifierCache for the same connection string.
            services.AddSingleton<IJobStore, RedisJobStore>();
            services.AddSingleton<IJobQueue, RedisJobQueue>();
            services.AddHostedService<RedisJobCancellationListener>();
        }
        else
        {
            services.AddSingleton<IStartupCheck, JobsDataDirectoryCheck>();
            services.AddSingleton<IJobStore, FileJobStore>();
            services.AddSingleton<IJobQueue, ChannelJobQueue>();
        }

        services.AddSingleton<JobBackendOutage>();
        services.AddSingleton<JobCancellations>();
        services.AddSingleton<JobIngest>();
        services.AddSingleton<JobManager>();
        services.AddSingleton<JobCallbackSender>();
        services.AddSingleton<ChunkProcessor>();
        services.AddHostedService<JobWorker>();
        services.AddHostedService<JobRetentionSweeper>();
        return builder;
    }

    /// <summary>
    /// A relative data directory is taken from the application's folder, so that it does not move with the working
    /// directory the process happens to be started from.
    /// </summary>
    private static string InApplicationFolder(string configured) =>
        string.IsNullOrWhiteSpace(configured) ? configured : Path.GetFullPath(configured, AppContext.BaseDirectory);
}
