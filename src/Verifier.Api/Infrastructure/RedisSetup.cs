using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Verifier.Api.Health;
using Verifier.Api.Security;
using Verifier.Api.Security.Redis;
using Verifier.Api.Startup;
using Verifier.Core.Caching;
using Verifier.Core.Caching.Redis;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Redis;
using Verifier.Core.Redis;
using Verifier.Core.Smtp;
using Verifier.Core.Smtp.Redis;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Everything Redis does for the process, registered in one place when <c>ConnectionStrings:Redis</c> is set: the one
/// connection (<see cref="RedisConnection"/>, with its outage monitor and bounded calls), and the shared forms of what
/// each feature otherwise keeps in process: the verdict cache's second level, the per-MX politeness limit, the job
/// store and queue, the rate limits and the new-domain limit, and a readiness check. Features register their
/// in-process forms with <c>TryAdd</c> and these replace them, so the order of the <c>AddVerifierX</c> calls does not matter.
/// </summary>
internal static class RedisSetup
{
    public const string ConnectionName = "Redis";

    public static IServiceCollection AddVerifierRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (ConnectionString(configuration) is not { } redis)
        {
            return services;
        }

        services.AddSingleton<IStartupCheck>(new RedisConnectionStringCheck(redis));
        services.AddSingleton(_ => new RedisConnection(redis));
        services.AddSingleton<RedisOutageMonitor>();
        services.AddSingleton<BoundedRedis>();
        services.AddHostedService<RedisStartup>();

        services.Replace(ServiceDescriptor.Singleton<ISharedCacheStore, RedisCacheStore>());
        services.Replace(ServiceDescriptor.Singleton<IHostSessionLimiter, RedisHostSessionLimiter>());
        services.Replace(ServiceDescriptor.Singleton<IJobStore, RedisJobStore>());
        services.Replace(ServiceDescriptor.Singleton<IJobQueue, RedisJobQueue>());
        services.AddHostedService<RedisJobCancellationListener>();
        services.Replace(ServiceDescriptor.Singleton<INewDomainLimiter, RedisNewDomainLimiter>());
        services.AddSingleton<RedisTokenBuckets>();

        // Degraded, not Unhealthy: without Redis every request is still answered (uncached), so an outage must not
        // take every instance out of the load balancer at once.
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [HealthSetup.ReadyTag]);
        return services;
    }

    /// <summary>The Redis connection string, or null when Redis is not configured (empty counts as not configured).</summary>
    public static string? ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>
    /// Lets the first connection finish before the host starts taking requests, so that they are cached from the
    /// start; waits at most <see cref="Wait"/>: a Redis that is down delays nothing further, the cache is used once it connects.
    /// </summary>
    private sealed class RedisStartup(RedisConnection connection) : IHostedService
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

        public Task StartAsync(CancellationToken cancellationToken) => connection.WaitForFirstConnectionAsync(Wait, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
