namespace Verifier.Core.Verification;

/// <summary>The DNS stage's finding.</summary>
/// <param name="Status">snake_case <see cref="Dns.DomainStatus"/>.</param>
public sealed record DomainCheck(string Status, IReadOnlyList<MxRecord> Mx, bool ImplicitMx, bool NullMx, string? Error = null);
