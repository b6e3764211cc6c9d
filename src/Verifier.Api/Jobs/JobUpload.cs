using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Verifier.Api.Jobs;

/// <summary>Finds the CSV in a request: the body itself (<c>text/csv</c>), or the <c>file</c> field of a <c>multipart/form-data</c> body, as a stream.</summary>
internal static class JobUpload
{
    /// <summary>What multipart framing may add to the file's own size.</summary>
    public const long MultipartAllowance = 64 * 1024;

    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "application/octet-stream", "text/tab-separated-values"];

    /// <summary>Raises the server's body limit to the configured upload limit for this request.</summary>
    public static void AllowBody(HttpContext context, long maxUploadBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxUploadBytes + MultipartAllowance;
        }
    }

    /// <summary>The CSV stream, or null with the reason when the request carries none.</summary>
    public static async Task<(Stream? Csv, string? Problem)> OpenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            return (request.Body, null);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return (null, $"Content-Type '{request.ContentType}' cannot be parsed.");
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return (null, "multipart/form-data without a boundary.");
            }

            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals("file", StringComparison.Ordinal))
                {
                    return (section.Body, null);
                }
            }

            return (null, "The multipart/form-data body has no field named 'file'.");
        }

        return CsvTypes.Any(t => mediaType.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase))
            ? (request.Body, null)
            : (null, $"Send the CSV as text/csv or as the 'file' field of multipart/form-data, not {mediaType.MediaType}.");
    }
}
