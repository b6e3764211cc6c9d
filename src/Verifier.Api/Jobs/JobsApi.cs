using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Verifier.Api.Problems;
using Verifier.Api.Security;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Callbacks;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Api.Jobs;

/// <summary><c>/v1/jobs</c>: bulk CSV verification, durable, with progress, events and downloadable results.</summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/jobs")
            .WithTags("Jobs")
            .AddEndpointFilter(AnswerUnavailableAsync)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/", CreateAsync)
            .WithName("CreateJob")
            .WithSummary("Upload a CSV to verify")
            .WithDescription(
                "The body is the CSV (text/csv) or a multipart/form-data field named 'file'. RFC 4180 quoting; ',', ';' or tab " +
                "detected; UTF-8 with or without BOM, or Windows-1252 (Excel's plain CSV) when the first 64 KiB are not valid UTF-8; header row detected. emailColumn is a header name or a 0-based column index; " +
                "when absent the column is found by its header (email, e-mail, mail, correo, …) or by its values containing '@'. " +
                "smtp=false checks syntax and DNS only. callbackUrl receives the final progress, POSTed when the job completes " +
                "with X-Verifier-Job: <id> and signed with X-Verifier-Signature: sha256=<hex HMAC-SHA256 of the body>; the same " +
                "request is repeated (Verifier:Jobs:CallbackAttempts) while the receiver is unreachable or answers 408, 429 or 5xx. 413 beyond Verifier:Jobs:MaxRows or MaxUploadBytes; " +
                "400 when no column holds addresses, saying why. 415 when the file is not CSV text (an Excel workbook, a PDF, an image, " +
                "an archive, binary data), saying what it looks like and what to do.")
            .Accepts<string>("text/csv", "multipart/form-data")
            .WithRequestBodyLimit(null) // streamed; the upload enforces Verifier:Jobs:MaxUploadBytes itself
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", GetAsync)
            .WithName("GetJob")
            .WithSummary("A job's progress")
            .WithDescription(
                "processed counts rows with their final answer and never decreases; counts add up to it. likelyBounces counts the " +
                "rows a send would bounce by the reply code it would most likely get; bounceRate is the share of processed rows a send " +
                "would hard-bounce (undeliverable). retriesPending counts rows waiting to be asked again (greylisting, temporary failures).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/events", EventsAsync)
            .WithName("GetJobEvents")
            .WithSummary("A job's progress as server-sent events")
            .WithDescription(
                "text/event-stream: a 'progress' event with the progress object at once and on every change, then one final event " +
                "named after the end status ('completed', 'failed' or 'cancelled'), and the stream ends.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/results", ResultsAsync)
            .WithName("GetJobResults")
            .WithSummary("Download a completed job's results")
            .WithDescription(
                "format=csv (default): the uploaded rows, byte for byte and in input order, short rows padded to the column count, with " +
                "verdict, reason, smtp_code, smtp_enhanced_code and suggestion appended in the file's delimiter (the header gets those " +
                "names). format=json: { id, columns, emailColumn, rows: [{ row (1-based), cells, verdict, reason, smtpCode, " +
                "smtpEnhancedCode, suggestion }] }. Exactly one output row per input row; verdict=deliverable,risky keeps only those " +
                "verdicts. Rows without an address are unknown/invalid_syntax. 409 until the job is completed.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteJob")
            .WithSummary("Cancel a job and delete its data")
            .WithDescription("Stops the job's work and removes its rows, results and state at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    /// <param name="emailColumn">The email column: a header name, or a 0-based index; detected when absent.</param>
    /// <param name="smtp">Probe mailboxes over SMTP (default true; false: syntax and DNS only).</param>
    /// <param name="callbackUrl">http(s) URL to POST the final progress to when the job completes.</param>
    /// <param name="header">Whether the first row is a header; detected when absent.</param>
    public static async Task<Results<Accepted<JobCreated>, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        [FromQuery] string? emailColumn,
        [FromQuery] bool? smtp,
        [FromQuery] string? callbackUrl,
        [FromQuery] bool? header,
        JobManager jobs,
        JobCallbackSender callbacks,
        IOptions<JobsOptions> options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        if (request.ContentLength > limits.MaxUploadBytes + JobUpload.MultipartAllowance)
        {
            return TooLarge($"The upload is larger than {limits.MaxUploadBytes} bytes (Verifier:Jobs:MaxUploadBytes).");
        }

        if (!string.IsNullOrEmpty(callbackUrl) && callbacks.Validate(callbackUrl) is { } refused)
        {
            return Problem(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Invalid callbackUrl", refused);
        }

        JobUpload.AllowBody(request.HttpContext, limits.MaxUploadBytes);
        var (csv, problem) = await JobUpload.OpenAsync(request, cancellationToken);
        if (csv is null)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "No CSV in the request", problem);
        }

        try
        {
            var submission = new JobSubmission(
                EmailColumnChoice.Parse(emailColumn),
                smtp ?? true,
                string.IsNullOrEmpty(callbackUrl) ? null : callbackUrl,
                header);
            var state = await jobs.SubmitAsync(csv, submission, cancellationToken);
            return TypedResults.Accepted($"/v1/jobs/{state.Id}", new JobCreated(state.Id, state.Status));
        }
        catch (JobRejectedException rejected)
        {
            return rejected.Rejection switch
            {
                JobRejection.TooLarge or JobRejection.TooManyRows => TooLarge(rejected.Message),
                JobRejection.NoUsableColumn => Problem(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "No usable email column", rejected.Message),
                JobRejection.NotText => Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Not a CSV file", rejected.Message),
                _ => Problem(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Unreadable CSV", rejected.Message),
            };
        }
    }

    public static async Task<Results<Ok<JobProgress>, ProblemHttpResult>> GetAsync(string id, JobManager jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return await jobs.GetAsync(id, cancellationToken) is { } state
            ? TypedResults.Ok(state.ToProgress())
            : NotFound(id);
    }

    public static async Task<Results<ServerSentEventsResult<JobProgress>, ProblemHttpResult>> EventsAsync(string id, JobManager jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return await jobs.GetAsync(id, cancellationToken) is { } state
            ? TypedResults.ServerSentEvents(EventsOf(jobs.WatchAsync(state, cancellationToken), cancellationToken))
            : NotFound(id);
    }

    /// <param name="format">csv (default) or json.</param>
    /// <param name="verdict">Comma-separated verdicts to keep, e.g. deliverable,risky; all rows when absent.</param>
    public static async Task<Results<JobResultsHttpResult, ProblemHttpResult>> ResultsAsync(
        string id,
        [FromQuery] string? format,
        [FromQuery] string? verdict,
        JobManager jobs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var json = format?.Trim().ToUpperInvariant() switch
        {
            null or "" or "CSV" => false,
            "JSON" => true,
            _ => (bool?)null,
        };
        if (json is null)
        {
            return Problem(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Invalid format", "format must be csv or json.");
        }

        HashSet<Verdict>? verdicts = null;
        if (!string.IsNullOrWhiteSpace(verdict))
        {
            verdicts = [];
            foreach (var name in verdict.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<Verdict>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || name.All(char.IsAsciiDigit))
                {
                    return Problem(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Invalid verdict", $"'{name}' is not a verdict; use deliverable, undeliverable, risky or unknown.");
                }

                verdicts.Add(parsed);
            }
        }

        var state = await jobs.GetAsync(id, cancellationToken);
        if (state is null)
        {
            return NotFound(id);
        }

        if (state.Status != JobStatus.Completed)
        {
            return Problem(
                StatusCodes.Status409Conflict,
                ProblemTypes.Conflict,
                "Job not completed",
                $"The job is {JobWireJson.SnakeCase(state.Status)} ({state.Processed} of {state.Total} rows processed); results can be downloaded once it is completed.");
        }

        return new JobResultsHttpResult(state, jobs, json.Value, verdicts);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, JobManager jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return await jobs.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    /// <summary>Each progress as a 'progress' event; the last, finished one named after its status.</summary>
    private static async IAsyncEnumerable<SseItem<JobProgress>> EventsOf(IAsyncEnumerable<JobProgress> progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in progress.WithCancellation(cancellationToken))
        {
            var finished = item.Status is not (JobStatus.Queued or JobStatus.Running);
            yield return new SseItem<JobProgress>(item, finished ? JobWireJson.SnakeCase(item.Status) : "progress");
        }
    }

    /// <summary>503 instead of 500 while the shared job store (Redis) cannot be reached.</summary>
    private static async ValueTask<object?> AnswerUnavailableAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JobStoreUnavailableException)
        {
            return Unavailable();
        }
    }

    internal static ProblemHttpResult Unavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Jobs unavailable", "The job store cannot be reached right now; try again shortly.");

    private static ProblemHttpResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Job not found", $"There is no job '{id}'; it may have expired or been deleted.");

    private static ProblemHttpResult TooLarge(string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Upload too large", detail);

    private static ProblemHttpResult Problem(int status, string type, string title, string? detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
}
