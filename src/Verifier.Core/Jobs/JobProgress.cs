namespace Verifier.Core.Jobs;

/// <summary>A job's progress as <c>GET /v1/jobs/{id}</c>, its events and its callback show it.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Status">queued, running, completed, failed or cancelled.</param>
/// <param name="Total">Data rows in the upload (header excluded).</param>
/// <param name="Processed">Rows with their final answer; never decreases.</param>
/// <param name="Counts">Final answers by verdict; they add up to <paramref name="Processed"/>.</param>
/// <param name="LikelyBounces">Rows a send would bounce, by the reply code it would most likely get ("550", "552", …).</param>
/// <param name="BounceRate">Share of processed rows a send would hard-bounce (undeliverable), 0–1.</param>
/// <param name="RetriesPending">Rows checked once or more that wait to be asked again (greylisting, temporary failures).</param>
/// <param name="CreatedAt">When the upload was accepted.</param>
/// <param name="CompletedAt">When the last row got its answer; null until then.</param>
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
    DateTimeOffset? CompletedAt);

/// <summary>Rows by verdict.</summary>
public sealed record JobVerdictCounts(long Deliverable, long Undeliverable, long Risky, long Unknown);
