namespace Verifier.Core.Jobs;

/// <summary>The result of one attempt at a chunk.</summary>
/// <param name="Chunk">The chunk's index.</param>
/// <param name="Attempt">1 for the first attempt, one more for each retry.</param>
/// <param name="Results">The latest result of every row of the chunk.</param>
/// <param name="Finalized">Indexes of rows whose result became final in this attempt.</param>
/// <param name="Pending">Indexes of rows to ask again; empty when the chunk is done.</param>
/// <param name="RetryAt">When to ask again, when some are pending.</param>
public sealed record ChunkOutcome(int Chunk, int Attempt, RowResult[] Results, int[] Finalized, int[] Pending, DateTimeOffset? RetryAt);
