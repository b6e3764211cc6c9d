namespace Verifier.Core.Jobs;

/// <summary>One unit of work: a chunk of a job's rows.</summary>
public sealed record ChunkWork(string JobId, int Chunk);
