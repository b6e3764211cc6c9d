using System.Net.Http.Headers;
using System.Text.Json;

namespace Verifier.Client.Http;

/// <summary>Turns an error answer into a <see cref="VerifierProblemException"/>.</summary>
internal static class ProblemReader
{
    /// <summary>Enough of a body that is not problem details to say what it was.</summary>
    private const int MaxExcerpt = 512;

    public static async Task<VerifierProblemException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        var text = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken);
        if (IsJson(response.Content?.Headers.ContentType))
        {
            try
            {
                var problem = JsonSerializer.Deserialize<ProblemDocument>(text, VerifierJson.Options);
                if (problem is not null)
                {
                    return new VerifierProblemException(
                        problem.Type ?? "about:blank",
                        response.StatusCode,
                        problem.Title,
                        problem.Detail,
                        problem.Instance,
                        problem.Errors,
                        retryAfter);
                }
            }
            catch (JsonException)
            {
            }
        }

        var excerpt = text.Length > MaxExcerpt ? text[..MaxExcerpt] + "…" : text;
        return new VerifierProblemException("about:blank", response.StatusCode, response.ReasonPhrase, excerpt.Length == 0 ? null : excerpt, retryAfter: retryAfter);
    }

    private static bool IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && (media.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - TimeProvider.System.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}

/// <summary>RFC 9457 problem details as the API writes them.</summary>
/// <param name="Type">The problem's type.</param>
/// <param name="Title">Its title.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What went wrong.</param>
/// <param name="Instance">The request path.</param>
/// <param name="Errors">For invalid values: property → messages.</param>
[ApiSchema("HttpValidationProblemDetails")]
internal sealed record ProblemDocument(string? Type, string? Title, int? Status, string? Detail, string? Instance, Dictionary<string, string[]>? Errors);
