using Microsoft.Extensions.DependencyInjection.Extensions;
using Verifier.Api.Startup;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Callbacks;
using Verifier.Core.Jobs.InProcess;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Registers bulk CSV jobs: the in-process backend (job files under Verifier:Jobs:DataDirectory and a channel queue),
/// which <see cref="RedisSetup"/> replaces by the Redis one when Redis is configured (job state, rows and results in
/// Redis, work in a Redis Stream read by every instance's worker), the worker (when Verifier:Worker:Enabled) and the
/// retention sweep.
/// </summary>
internal static class JobsSetup
{
    public static WebApplicationBuilder AddVerifierJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.PostConfigure<JobsOptions>(options => options.DataDirectory = InApplicationFolder(options.DataDirectory));
        if (RedisSetup.ConnectionString(builder.Configuration) is null)
        {
            // Jobs keep their files in the data directory only when Redis does not hold them.
            services.AddSingleton<IStartupCheck, JobsDataDirectoryCheck>();
        }

        services.TryAddSingleton<IJobStore, FileJobStore>();
        services.TryAddSingleton<IJobQueue, ChannelJobQueue>();
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
