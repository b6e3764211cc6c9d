namespace Verifier.Core.Domains;

/// <summary>A record an SPF policy pulls in through <c>include:</c> or <c>redirect=</c>.</summary>
/// <param name="Domain">The domain whose record was fetched.</param>
/// <param name="Via"><c>include</c> or <c>redirect</c>.</param>
/// <param name="Depth">1 for a reference in the domain's own record, 2 for one inside that, and so on.</param>
/// <param name="Record">The SPF record found there; null when there was none or it could not be read.</param>
/// <param name="DnsLookups">DNS-querying terms in that record alone.</param>
public sealed record SpfReference(string Domain, string Via, int Depth, string? Record, int DnsLookups);

/// <summary>The SPF policy of a domain (RFC 7208) and what is wrong with it.</summary>
/// <param name="Found">True when exactly one SPF record is published.</param>
/// <param name="Record">That record; null when there is none or more than one.</param>
/// <param name="Records">Every TXT record starting with <c>v=spf1</c> (more than one is itself an error).</param>
/// <param name="All">The final <c>all</c> in force (<c>-all</c>, <c>~all</c>, <c>?all</c>, <c>+all</c>), after any redirect; null when none.</param>
/// <param name="DnsLookups">DNS-querying terms counted recursively through includes and redirects; receivers allow 10.</param>
/// <param name="DnsLookupLimit">The limit of RFC 7208 §4.6.4: 10.</param>
/// <param name="References">The records pulled in by includes and redirects, in evaluation order.</param>
/// <param name="Problems">Everything wrong, most severe first.</param>
public sealed record SpfReport(
    bool Found,
    string? Record,
    IReadOnlyList<string> Records,
    string? All,
    int DnsLookups,
    int DnsLookupLimit,
    IReadOnlyList<SpfReference> References,
    IReadOnlyList<SenderProblem> Problems);
