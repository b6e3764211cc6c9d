using Microsoft.Net.Http.Headers;

namespace Verifier.Api.Security;

/// <summary>
/// Refuses, with 403, CORS preflight requests to <c>/v1</c> that no publishable key allows: another origin, another path
/// than <c>/v1/verify</c>, another method than GET. Allowed preflights go on to ASP.NET Core's CORS middleware,
/// which answers them (see <see cref="CorsSetup"/>).
/// </summary>
internal sealed class CorsPreflightGate(RequestDelegate next, ApiKeyStore keys)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsOptions(request.Method)
            || !request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod)
            || request.Headers.Origin.Count == 0
            || !ApiPaths.IsApi(request.Path))
        {
            return next(context);
        }

        var allowed = ApiPaths.IsVerify(request.Path)
            && HttpMethods.IsGet(request.Headers.AccessControlRequestMethod.ToString())
            && PublishableKeyOptions.TryNormalizeOrigin(request.Headers.Origin.ToString(), out var origin)
            && keys.PublishableOrigins.Contains(origin);

        return allowed
            ? next(context)
            : SecurityProblems.ForbiddenAsync(context, "Cross-origin requests are allowed only to GET /v1/verify, from the origins of a publishable key.");
    }
}
