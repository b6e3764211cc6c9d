using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Verifier.Api.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: its dependencies answer too.</summary>
internal static class HealthSetup
{
    public const string ReadyTag = "ready";

    /// <summary>The SMTP egress check; <see cref="Infrastructure.RedisSetup"/> adds Redis's when Redis is configured.</summary>
    public static IServiceCollection AddVerifierHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SmtpEgressHealthCheck>("smtp-egress", tags: [ReadyTag]);
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
