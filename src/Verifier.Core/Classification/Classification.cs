namespace Verifier.Core.Classification;

/// <summary>The outcome of classifying one address's observations.</summary>
public sealed record Classification(Verdict Verdict, Reason Reason, LikelySmtp LikelySmtp);
