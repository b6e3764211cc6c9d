using Microsoft.Extensions.Primitives;

namespace Verifier.Api.Security;

/// <summary>The web origin a browser request comes from, normalised, or null when it cannot be told.</summary>
internal static class RequestOrigin
{
    /// <summary>
    /// The <c>Origin</c> header when there is exactly one. A browser sends none with a same-origin GET, so a page served by
    /// the API itself (such as <c>/demo/signup</c>) is known by <c>Sec-Fetch-Site: same-origin</c>, which page script
    /// cannot set, and the request's own scheme and host. Neither header proves anything outside a browser, where any
    /// origin can be claimed; publishable keys limit what a browser page can do, not what a program can.
    /// </summary>
    public static string? Of(HttpContext context)
    {
        var headers = context.Request.Headers;
        StringValues origin = headers.Origin;
        if (origin.Count > 0)
        {
            return origin.Count == 1 && PublishableKeyOptions.TryNormalizeOrigin(origin[0], out var normalized) ? normalized : null;
        }

        return headers["Sec-Fetch-Site"] is [{ } site] && string.Equals(site, "same-origin", StringComparison.OrdinalIgnoreCase)
            && PublishableKeyOptions.TryNormalizeOrigin(context.Request.Scheme + "://" + context.Request.Host.Value, out var own)
            ? own
            : null;
    }
}
