using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Verifier.Api.Infrastructure;

namespace Verifier.Api.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: its dependencies answer too.</summary>
internal static class HealthSetup
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddVerifierHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<SmtpEgressHealthCheck>("smtp-egress", tags: [ReadyTag]);
        if (CacheSetup.RedisConnectionString(configuration) is not null)
        {
            // Degraded, not Unhealthy: without Redis every request is still answered (uncached), so an
            // outage must not take every instance out of the load balancer at once.
            checks.AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [ReadyTag]);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithTags("Health").WithDisplayName("Liveness");

        routes.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).WithTags("Health").WithDisplayName("Readiness");

        return routes;
    }
}
