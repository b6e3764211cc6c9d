using Microsoft.Net.Http.Headers;

namespace Verifier.Api.Widget;

/// <summary>
/// <c>GET /widget.js</c>: the signup-form widget, open to every origin (a <c>&lt;script&gt;</c> tag needs no CORS, but
/// <c>crossorigin</c> with Subresource Integrity does), cached for five minutes and revalidated by ETag, gzipped when
/// the browser accepts it.
/// </summary>
internal static class WidgetEndpoint
{
    public const string Path = "/widget.js";

    public static IEndpointRouteBuilder MapWidget(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, Serve).ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, WidgetScript script)
    {
        var headers = context.Response.Headers;
        headers.ETag = script.ETag;
        headers.CacheControl = "public, max-age=300";
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.XContentTypeOptions = "nosniff";
        headers.AccessControlAllowOrigin = "*";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        headers["X-Integrity"] = script.Integrity;
        if (context.Request.Headers.IfNoneMatch == script.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var gzip = context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }

        return Results.Bytes(gzip ? script.Gzip : script.Plain, "text/javascript; charset=utf-8");
    }
}
