namespace Verifier.Core.Domains;

/// <summary>What to report on.</summary>
/// <param name="Domain">The domain, already validated and in A-label form (see <see cref="DomainName.TryNormalize"/>).</param>
/// <param name="Probe">Probe the MX over SMTP for catch-all when the cache does not know.</param>
/// <param name="DkimSelector">The DKIM selector to check; null: DKIM is not checked.</param>
public sealed record DomainReportRequest(string Domain, bool Probe = false, string? DkimSelector = null);
