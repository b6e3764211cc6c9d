namespace Verifier.Core.Jobs;

/// <summary>Where a job is in its life.</summary>
public enum JobStatus
{
    /// <summary>Accepted; no chunk started yet.</summary>
    Queued,

    /// <summary>Chunks are being verified, or wait for a retry.</summary>
    Running,

    /// <summary>Every row has its final answer; results can be downloaded.</summary>
    Completed,

    /// <summary>The job could not go on (its stored data could not be read).</summary>
    Failed,

    /// <summary>Deleted while it ran; its data is gone.</summary>
    Cancelled,
}
