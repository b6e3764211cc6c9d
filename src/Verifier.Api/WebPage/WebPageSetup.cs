using Microsoft.Net.Http.Headers;

// In ASP.NET Core's own namespace, beside UseStaticFiles, so Program.cs needs no using for it.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The web page at <c>/</c>: plain HTML, CSS and ES modules from <c>wwwroot/</c>, no build step and nothing loaded
/// from another origin. It calls the same <c>/v1</c> API as any client.
/// </summary>
internal static class WebPageSetup
{
    /// <summary>
    /// Only this origin's scripts, styles and connections; no inline script, no framing. The page builds its chart
    /// as SVG elements from script, which needs nothing more.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Serves <c>index.html</c> for <c>/</c> and the files beside it, each revalidated on every load so a new version shows at once.</summary>
    public static WebApplication UseVerifierWebPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = "no-cache";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers[HeaderNames.XFrameOptions] = "DENY";
                }
            },
        });
        return app;
    }
}
