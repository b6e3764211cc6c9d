using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Verifier.Core.IO;

namespace Verifier.Api.Security;

/// <summary>
/// Enforces <see cref="RequestBodyLimits"/>: a declared <c>Content-Length</c> over the limit is refused before the body
/// is read; otherwise the server's own limit is set (Kestrel stops chunked bodies there) and the body is read through
/// a <see cref="ReadLimitStream"/>, which fails the read with a 413 however the server counts.
/// A body in a character set nothing can decode (<c>charset=klingon</c>) is refused with 415 before a reader fails on it.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path) || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return next(context);
        }

        if (UnknownCharset(context.Request.ContentType) is { } charset)
        {
            return SecurityProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported character set",
                $"The request body's character set '{charset}' is not one this server can read; send UTF-8.");
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

        context.Request.Body = new ReadLimitStream(context.Request.Body, max, limit =>
            new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.", StatusCodes.Status413PayloadTooLarge));
        return next(context);
    }

    private static string? UnknownCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || StringSegment.IsNullOrEmpty(media.Charset))
        {
            return null;
        }

        var charset = media.Charset.Value!.Trim('"');
        try
        {
            System.Text.Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset.Length > 40 ? charset[..40] : charset;
        }
    }
}
