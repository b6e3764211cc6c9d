using Microsoft.Extensions.DependencyInjection.Extensions;
using Verifier.Api.Startup;
using Verifier.Core.Caching;
using Verifier.Core.Caching.Redis;
using Verifier.Core.Smtp;
using Verifier.Core.Smtp.Redis;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// The caches: process memory always; Redis behind it when <c>ConnectionStrings:Redis</c> is set, through one
/// shared <see cref="StackExchange.Redis.ConnectionMultiplexer"/> (<see cref="RedisConnection"/>).
/// </summary>
internal static class CacheSetup
{
    public const string RedisConnectionName = "Redis";

    public static IServiceCollection AddVerifierCache(this IServiceCollection services, IConfiguration configuration)
    {
        if (RedisConnectionString(configuration) is { } redis)
        {
            services.AddSingleton<IStartupCheck>(new RedisConnectionStringCheck(redis));
            services.AddSingleton(_ => new RedisConnection(redis));
            services.AddSingleton<RedisOutageMonitor>();
            services.AddSingleton<BoundedRedis>();
            services.AddSingleton<ISharedCacheStore, RedisCacheStore>();
            services.AddHostedService<RedisStartup>();

            // The per-MX politeness limit holds across every instance sharing this Redis.
            services.Replace(ServiceDescriptor.Singleton<IHostSessionLimiter, RedisHostSessionLimiter>());
        }

        services.AddSingleton<LayeredCache>();
        services.AddSingleton<IVerdictCache, VerdictCache>();
        services.AddSingleton<IDomainFactsCache, DomainFactsCache>();
        return services;
    }

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

    /// <summary>The Redis connection string, or null when Redis is not configured (empty counts as not configured).</summary>
    public static string? RedisConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(RedisConnectionName) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
