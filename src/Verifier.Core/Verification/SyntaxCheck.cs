namespace Verifier.Core.Verification;

/// <summary>The syntax stage's finding.</summary>
/// <param name="Error">snake_case error code when invalid, e.g. "local_part_too_long".</param>
/// <param name="ErrorIndex">Index in the input where parsing failed, when invalid.</param>
public sealed record SyntaxCheck(bool Valid, string? LocalPart, string? Domain, string? Error, int? ErrorIndex = null);
