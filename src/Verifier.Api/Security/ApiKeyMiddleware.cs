namespace Verifier.Api.Security;

/// <summary>
/// Lets a <c>/v1</c> request in, or answers it with problem details:
/// <list type="bullet">
/// <item>no key configured: everyone is let in (rate-limited by IP address);</item>
/// <item>a secret key in the <c>X-Api-Key</c> header: let in (never from the query string, where keys end up in logs);</item>
/// <item>a publishable key in the header or <c>?key=</c>: only <c>GET /v1/verify</c> (403 elsewhere) and only with an
/// <c>Origin</c> header naming one of the key's origins (403 otherwise; see <see cref="RequestOrigin"/>);</item>
/// <item>no key or an unknown key: 401 with <c>WWW-Authenticate: ApiKey</c>.</item>
/// </list>
/// The caller is recorded as an <see cref="ApiCaller"/> request feature.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys)
{
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "key";

    public Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path))
        {
            return next(context);
        }

        var client = ApiCaller.AddressOf(context);
        if (keys.IsOpen)
        {
            context.Features.Set(new ApiCaller(ApiCallerKind.Open, null, client));
            return next(context);
        }

        var header = context.Request.Headers[HeaderName];
        var query = context.Request.Query[QueryName];
        if (header.Count > 1 || (header.Count == 0 && query.Count > 1))
        {
            return SecurityProblems.UnauthorizedAsync(context, "Send one API key.");
        }

        var fromHeader = header.Count == 1;
        var presented = fromHeader ? header[0] : query.Count == 1 ? query[0] : null;
        if (string.IsNullOrEmpty(presented))
        {
            return SecurityProblems.UnauthorizedAsync(context, $"An API key is required in the {HeaderName} header.");
        }

        var digest = ApiKeyDigest.Of(presented);
        var secret = keys.FindSecret(digest);
        var publishable = keys.FindPublishable(digest);
        if (secret is not null)
        {
            if (!fromHeader)
            {
                return SecurityProblems.UnauthorizedAsync(context,
                    $"Secret keys are accepted only in the {HeaderName} header; a key sent in a URL is exposed and should be replaced.");
            }

            context.Features.Set(new ApiCaller(ApiCallerKind.Secret, secret, client));
            return next(context);
        }

        if (publishable is not null)
        {
            if (!HttpMethods.IsGet(context.Request.Method) || !ApiPaths.IsVerify(context.Request.Path))
            {
                return SecurityProblems.ForbiddenAsync(context, "A publishable key may only call GET /v1/verify.");
            }

            if (RequestOrigin.Of(context) is not { } origin || !publishable.Origins.Contains(origin))
            {
                return SecurityProblems.ForbiddenAsync(context, "This publishable key may only be used from the web origins configured for it.");
            }

            context.Features.Set(new ApiCaller(ApiCallerKind.Publishable, publishable.Id, client));
            return next(context);
        }

        return SecurityProblems.UnauthorizedAsync(context, "The API key is not valid.");
    }
}
