using Microsoft.AspNetCore.Diagnostics;

namespace Verifier.Api.Problems;

/// <summary>Every error response is RFC 9457 problem details, including those the framework makes itself.</summary>
internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddVerifierProblemDetails(this IServiceCollection services)
    {
        // Binding failures throw, so that they reach the exception handler and become problem details with a reason.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;

            // Framework-made problems carry an RFC 9110 link as type; ours are stable URNs.
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(status);
            }

            if (context.Exception is BadHttpRequestException badRequest)
            {
                problem.Status = badRequest.StatusCode;
                context.HttpContext.Response.StatusCode = badRequest.StatusCode;
                problem.Type = ProblemTypes.ForStatus(badRequest.StatusCode);
                problem.Detail = badRequest.Message;
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
    }

    public static WebApplication UseVerifierProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Bad input the framework rejects (malformed JSON, unbindable query) is the client's error, not ours.
            StatusCodeSelector = error => error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }
}
