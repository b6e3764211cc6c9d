using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Verifier.Api.Security;

/// <summary>
/// Access control for <c>/v1</c>: API keys, publishable keys with CORS, per-caller rate limits and request body limits.
/// The order of the middleware is the order of the checks: CORS preflight, key, rate limit, publishable-key policy, body size.
/// With <c>ConnectionStrings:Redis</c> set, the rate limits and the new-domain limit are shared by every instance
/// (their Redis forms are registered by <see cref="Infrastructure.RedisSetup"/>).
/// </summary>
internal static class SecuritySetup
{
    public static IServiceCollection AddVerifierSecurity(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<NewDomainLimiter>();
        services.TryAddSingleton<INewDomainLimiter>(provider => provider.GetRequiredService<NewDomainLimiter>());
        services.AddHostedService<OpenAccessWarning>();
        services.AddVerifierCors();
        services.AddVerifierRateLimiting();
        return services;
    }

    public static WebApplication UseVerifierSecurity(this WebApplication app)
    {
        app.UseMiddleware<CorsPreflightGate>();
        app.UseWhen(context => ApiPaths.IsVerify(context.Request.Path), verify => verify.UseCors(CorsSetup.PolicyName));
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<PublishableKeyPolicy>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }
}
