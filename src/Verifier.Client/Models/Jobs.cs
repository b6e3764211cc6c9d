namespace Verifier.Client;

/// <summary>Where a CSV job is.</summary>
[ApiSchema("JobStatus")]
public enum JobStatus
{
    /// <summary>Accepted, waiting for a worker.</summary>
    Queued,

    /// <summary>Being verified.</summary>
    Running,

    /// <summary>Every row has its answer; results can be downloaded.</summary>
    Completed,

    /// <summary>Stopped by an error.</summary>
    Failed,

    /// <summary>Cancelled and deleted.</summary>
    Cancelled,
}

/// <summary>The answer of <c>POST /v1/jobs</c>.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Status">Its status (queued).</param>
[ApiSchema("JobCreated")]
public sealed record JobCreated(string Id, JobStatus Status);

/// <summary>A job's progress.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Status">queued, running, completed, failed or cancelled.</param>
/// <param name="Total">Data rows in the upload.</param>
/// <param name="Processed">Rows with their final answer; never decreases.</param>
/// <param name="Counts">Final answers by verdict; they add up to <paramref name="Processed"/>.</param>
/// <param name="LikelyBounces">Rows a send would bounce, by the reply code it would most likely get.</param>
/// <param name="BounceRate">Share of processed rows a send would hard-bounce, 0–1.</param>
/// <param name="RetriesPending">Rows waiting to be asked again.</param>
/// <param name="CreatedAt">When the upload was accepted.</param>
/// <param name="CompletedAt">When the last row got its answer.</param>
[ApiSchema("JobProgress")]
public sealed record JobProgress(
    string Id,
    JobStatus Status,
    long Total,
    long Processed,
    JobVerdictCounts Counts,
    IReadOnlyDictionary<string, long> LikelyBounces,
    double BounceRate,
    long RetriesPending,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>True once the job will not change any more (completed, failed or cancelled).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}

/// <summary>Rows by verdict.</summary>
/// <param name="Deliverable">Deliverable rows.</param>
/// <param name="Undeliverable">Undeliverable rows.</param>
/// <param name="Risky">Risky rows.</param>
/// <param name="Unknown">Unknown rows.</param>
[ApiSchema("JobVerdictCounts")]
public sealed record JobVerdictCounts(long Deliverable, long Undeliverable, long Risky, long Unknown);

/// <summary>How to read an upload.</summary>
/// <param name="EmailColumn">The email column: a header name or a 0-based index; detected when null.</param>
/// <param name="Smtp">Probe mailboxes over SMTP (false: syntax and DNS only).</param>
/// <param name="CallbackUrl">URL the final progress is POSTed to when the job completes.</param>
/// <param name="Header">Whether the first row is a header; detected when null.</param>
public sealed record JobUploadOptions(string? EmailColumn = null, bool Smtp = true, Uri? CallbackUrl = null, bool? Header = null);

/// <summary>The results of a completed job as JSON (<c>format=json</c>).</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Columns">The upload's header cells; null when it has no header row.</param>
/// <param name="EmailColumn">The 0-based index of the email column.</param>
/// <param name="Rows">One row per input row, in input order (filtered by verdict when asked).</param>
public sealed record JobResults(string Id, IReadOnlyList<string>? Columns, int EmailColumn, IReadOnlyList<JobResultRow> Rows);

/// <summary>One row of a job's results.</summary>
/// <param name="Row">1-based row number in the upload.</param>
/// <param name="Cells">The row's cells as uploaded.</param>
/// <param name="Verdict">Its verdict.</param>
/// <param name="Reason">Its reason.</param>
/// <param name="SmtpCode">The reply a send would most likely get.</param>
/// <param name="SmtpEnhancedCode">Its enhanced status code.</param>
/// <param name="Suggestion">A corrected address, when the domain looks like a typo.</param>
public sealed record JobResultRow(long Row, IReadOnlyList<string> Cells, Verdict Verdict, Reason Reason, int? SmtpCode, string? SmtpEnhancedCode, string? Suggestion);
