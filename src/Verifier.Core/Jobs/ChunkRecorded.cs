namespace Verifier.Core.Jobs;

/// <summary>What recording an attempt did.</summary>
/// <param name="Accepted">False when it changed nothing (duplicate, or the job is finished or gone).</param>
/// <param name="JobCompleted">True when this attempt completed the job's last chunk.</param>
/// <param name="State">The job's state after the attempt, when it still exists.</param>
public sealed record ChunkRecorded(bool Accepted, bool JobCompleted, JobState? State);
