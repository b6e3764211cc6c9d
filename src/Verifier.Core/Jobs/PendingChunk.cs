namespace Verifier.Core.Jobs;

/// <summary>A chunk that has rows waiting for a retry.</summary>
/// <param name="Attempt">Attempts made so far (1 after the first).</param>
/// <param name="Results">The latest result of every row of the chunk.</param>
/// <param name="Pending">Indexes (within the chunk) of the rows to ask again.</param>
/// <param name="RetryAt">When to ask again.</param>
public sealed record PendingChunk(int Attempt, RowResult[] Results, int[] Pending, DateTimeOffset RetryAt);
