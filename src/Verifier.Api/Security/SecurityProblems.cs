using Microsoft.AspNetCore.Mvc;
using Verifier.Api.Problems;

namespace Verifier.Api.Security;

/// <summary>The problem details the security layer answers with (401, 403, 413, 429).</summary>
internal static class SecurityProblems
{
    public const string WwwAuthenticate = "ApiKey";

    public static Task UnauthorizedAsync(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = WwwAuthenticate;
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "API key required", detail);
    }

    public static Task ForbiddenAsync(HttpContext context, string detail) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static Task PayloadTooLargeAsync(HttpContext context, long limit) =>
        WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body is larger than the {limit} bytes this endpoint accepts.");

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = ProblemTypes.ForStatus(status),
                Title = title,
                Detail = detail,
            },
        });
    }
}
