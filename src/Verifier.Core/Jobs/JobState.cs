using System.Globalization;
using Verifier.Core.Classification;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Jobs;

/// <summary>
/// Everything a store keeps about a job besides its rows and results: what was uploaded, how it is laid
/// out, and its running totals. Stores change it only under their own lock (or transaction), and hand
/// out copies.
/// </summary>
public sealed class JobState
{
    public required string Id { get; init; }

    public JobStatus Status { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; set; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Probe mailboxes over SMTP (false: syntax and DNS only).</summary>
    public bool Smtp { get; init; } = true;

    /// <summary>Where to POST the final progress; null for none.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>True once the callback was attempted (it is attempted once).</summary>
    public bool CallbackDone { get; set; }

    public required CsvLayout Layout { get; init; }

    /// <summary>The header record's exact bytes (no terminator); null without a header.</summary>
    public byte[]? HeaderBytes { get; init; }

    public long Total { get; init; }

    public int ChunkSize { get; init; }

    public int ChunkCount { get; init; }

    public long Processed { get; set; }

    public long Deliverable { get; set; }

    public long Undeliverable { get; set; }

    public long Risky { get; set; }

    public long Unknown { get; set; }

    /// <summary>Rows a send would bounce, by reply code.</summary>
    public Dictionary<int, long> Bounces { get; init; } = [];

    public long RetriesPending { get; set; }

    /// <summary>Bumped by every change, so that watchers can tell a new state from one they have seen.</summary>
    public long Version { get; set; }

    /// <summary>Why the job failed, when it did.</summary>
    public string? Error { get; set; }

    /// <summary>Rows of chunk <paramref name="chunk"/>.</summary>
    public int RowsIn(int chunk) => (int)Math.Min(ChunkSize, Total - ((long)chunk * ChunkSize));

    public bool IsFinished => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>Adds final answers to the totals.</summary>
    public void Count(RowResult row)
    {
        Processed++;
        switch (row.Verdict)
        {
            case Verdict.Deliverable: Deliverable++; break;
            case Verdict.Undeliverable: Undeliverable++; break;
            case Verdict.Risky: Risky++; break;
            default: Unknown++; break;
        }

        if (row.BounceCode is { } code)
        {
            Bounces[code] = Bounces.GetValueOrDefault(code) + 1;
        }
    }

    public JobProgress ToProgress() => new(
        Id,
        Status,
        Total,
        Processed,
        new JobVerdictCounts(Deliverable, Undeliverable, Risky, Unknown),
        Bounces.OrderBy(b => b.Key).ToDictionary(b => b.Key.ToString(CultureInfo.InvariantCulture), b => b.Value),
        Processed == 0 ? 0 : Math.Round((double)Undeliverable / Processed, 4),
        RetriesPending,
        CreatedAt,
        CompletedAt);

    public JobState Copy()
    {
        return new JobState
        {
            Id = Id,
            CreatedAt = CreatedAt,
            ExpiresAt = ExpiresAt,
            Smtp = Smtp,
            CallbackUrl = CallbackUrl,
            Layout = Layout,
            HeaderBytes = HeaderBytes,
            Total = Total,
            ChunkSize = ChunkSize,
            ChunkCount = ChunkCount,
            Bounces = new Dictionary<int, long>(Bounces),
            Status = Status,
            CompletedAt = CompletedAt,
            CallbackDone = CallbackDone,
            Processed = Processed,
            Deliverable = Deliverable,
            Undeliverable = Undeliverable,
            Risky = Risky,
            Unknown = Unknown,
            RetriesPending = RetriesPending,
            Error = Error,
            Version = Version,
        };
    }
}
