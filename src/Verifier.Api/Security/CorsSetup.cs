using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Verifier.Api.Security;

/// <summary>The CORS policy of <c>GET /v1/verify</c>: the origins of the publishable keys, GET, the <c>X-Api-Key</c> header.</summary>
internal static class CorsSetup
{
    public const string PolicyName = "PublishableKeys";

    public static IServiceCollection AddVerifierCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<ApiKeyStore>((cors, keys) => cors.AddPolicy(PolicyName, policy => policy
            .SetIsOriginAllowed(origin => PublishableKeyOptions.TryNormalizeOrigin(origin, out var normalized) && keys.PublishableOrigins.Contains(normalized))
            .WithMethods(HttpMethods.Get)
            .WithHeaders(ApiKeyMiddleware.HeaderName)
            .WithExposedHeaders(PublishableKeyPolicy.SmtpLimitedHeader, "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }
}
