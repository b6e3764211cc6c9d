using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Verifier.Api.Security;

namespace Verifier.Api.Operations;

/// <summary>
/// Runs before the Prometheus exporter when <see cref="MetricsOptions.RequireApiKey"/> is set: a secret key in
/// <c>X-Api-Key</c> or <c>Authorization: Bearer</c> lets the scrape in, anything else is a 401 problem.
/// Publishable keys never read metrics.
/// </summary>
internal sealed class MetricsKeyGate(RequestDelegate next, IOptions<MetricsOptions> options, ApiKeyStore keys)
{
    private const string BearerPrefix = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        if (!options.Value.RequireApiKey)
        {
            return next(context);
        }

        var presented = PresentedKey(context.Request.Headers);
        return presented is not null && keys.FindSecret(ApiKeyDigest.Of(presented)) is not null
            ? next(context)
            : SecurityProblems.UnauthorizedAsync(context,
                $"Metrics need a secret API key in the {ApiKeyMiddleware.HeaderName} header or as an Authorization bearer token.");
    }

    private static string? PresentedKey(IHeaderDictionary headers)
    {
        var apiKey = headers[ApiKeyMiddleware.HeaderName];
        var authorization = headers[HeaderNames.Authorization];
        if (apiKey.Count + authorization.Count != 1)
        {
            return null;
        }

        if (apiKey.Count == 1)
        {
            return apiKey[0];
        }

        var value = authorization[0];
        return value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? value[BearerPrefix.Length..].Trim() : null;
    }
}
