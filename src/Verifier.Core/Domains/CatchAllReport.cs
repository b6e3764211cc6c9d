namespace Verifier.Core.Domains;

/// <summary>Whether the domain's mail servers accept any recipient.</summary>
/// <param name="Value">True: any recipient is accepted at RCPT time; false: unknown ones are rejected; null: not known.</param>
/// <param name="Source">Where the answer came from.</param>
/// <param name="Host">The MX host it was observed on.</param>
/// <param name="ObservedAt">When it was observed.</param>
/// <param name="Note">What the value means, or why there is none.</param>
public sealed record CatchAllReport(bool? Value, CatchAllSource Source, string? Host, DateTimeOffset? ObservedAt, string Note);
