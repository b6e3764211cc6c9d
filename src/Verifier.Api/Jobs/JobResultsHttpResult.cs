using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;

namespace Verifier.Api.Jobs;

/// <summary>Streams a completed job's results as CSV or JSON (see <see cref="JobResultsWriter"/>).</summary>
public sealed class JobResultsHttpResult(JobState state, JobManager jobs, bool json, IReadOnlySet<Verdict>? verdicts)
    : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var aborted = httpContext.RequestAborted;
        try
        {
            await WriteAsync(response, aborted);
        }
        catch (JobStoreUnavailableException) when (!response.HasStarted)
        {
            response.Clear();
            await JobsApi.Unavailable().ExecuteAsync(httpContext);
        }
    }

    private async Task WriteAsync(HttpResponse response, CancellationToken aborted)
    {
        if (json)
        {
            response.ContentType = "application/json; charset=utf-8";
        }
        else
        {
            response.ContentType = "text/csv; charset=utf-8";
            response.Headers.ContentDisposition = $"attachment; filename=\"job-{state.Id}-results.csv\"";
        }

        await jobs.WriteResultsAsync(response.Body, state, json, verdicts, aborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/csv", "application/json"]));
    }
}
