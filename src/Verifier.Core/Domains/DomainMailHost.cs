namespace Verifier.Core.Domains;

/// <summary>One mail host of the domain.</summary>
/// <param name="Host">Host name (A-label form).</param>
/// <param name="Preference">MX preference; lower is tried first. 0 for an implicit MX.</param>
/// <param name="Addresses">Its IPv4 and IPv6 addresses.</param>
public sealed record DomainMailHost(string Host, int Preference, IReadOnlyList<string> Addresses);
