using Verifier.Core.Jobs;
using Verifier.Core.Jobs.InProcess;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Registers bulk CSV jobs: options, the in-process backend (job files under Verifier:Jobs:DataDirectory and a
/// channel queue), the worker (when Verifier:Worker:Enabled) and the retention sweep.
/// </summary>
internal static class JobsSetup
{
    public static WebApplicationBuilder AddVerifierJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The in-process backend; a shared backend replaces these two when Redis is configured.
        services.AddSingleton<IJobStore, FileJobStore>();
        services.AddSingleton<IJobQueue, ChannelJobQueue>();

        services.AddSingleton<JobCancellations>();
        services.AddSingleton<JobIngest>();
        services.AddSingleton<JobManager>();
        services.AddSingleton<JobCallbackSender>();
        services.AddSingleton<ChunkProcessor>();
        services.AddHostedService<JobWorker>();
        services.AddHostedService<JobRetentionSweeper>();
        return builder;
    }
}
