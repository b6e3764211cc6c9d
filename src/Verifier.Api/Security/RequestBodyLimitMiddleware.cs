using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Verifier.Api.Security;

/// <summary>
/// Enforces <see cref="RequestBodyLimits"/>: a declared <c>Content-Length</c> over the limit is refused before the body
/// is read; otherwise the server's own limit is set (Kestrel stops chunked bodies there) and the body is read through
/// a <see cref="LengthLimitedStream"/>, which fails the read with a 413 however the server counts.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path) || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return next(context);
        }

        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        var limit = metadata is null ? RequestBodyLimits.Default : metadata.MaxRequestBodySize;
        if (limit is not { } max)
        {
            return next(context);
        }

        if (context.Request.ContentLength > max)
        {
            return SecurityProblems.PayloadTooLargeAsync(context, max);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = max;
        }

        context.Request.Body = new LengthLimitedStream(context.Request.Body, max);
        return next(context);
    }
}
