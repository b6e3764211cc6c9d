using Verifier.Core.Caching;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// The caches: verdicts and domain facts in process memory, with Redis behind it when <see cref="RedisSetup"/> has
/// registered the shared store.
/// </summary>
internal static class CacheSetup
{
    public static IServiceCollection AddVerifierCache(this IServiceCollection services)
    {
        services.AddSingleton<LayeredCache>();
        services.AddSingleton<IVerdictCache, VerdictCache>();
        services.AddSingleton<IDomainFactsCache, DomainFactsCache>();
        return services;
    }
}
