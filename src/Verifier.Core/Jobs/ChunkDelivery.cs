namespace Verifier.Core.Jobs;

/// <summary>A chunk handed to a consumer; acknowledged once processed.</summary>
/// <param name="DeliveryId">The backend's handle for acknowledging (a stream entry id for Redis).</param>
public sealed record ChunkDelivery(ChunkWork Work, string DeliveryId);
