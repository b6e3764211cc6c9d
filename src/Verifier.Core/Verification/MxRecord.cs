namespace Verifier.Core.Verification;

/// <summary>One MX host as shown in results.</summary>
public sealed record MxRecord(string Host, int Preference);
