namespace Verifier.Client;

/// <summary>The DNS outcome of a domain lookup.</summary>
[ApiSchema("DomainStatus")]
public enum DomainStatus
{
    /// <summary>MX (or A/AAAA) records found.</summary>
    Resolved,

    /// <summary>NXDOMAIN.</summary>
    NoSuchDomain,

    /// <summary>No MX and no A/AAAA record.</summary>
    NoMailServer,

    /// <summary>A null MX (RFC 7505).</summary>
    NullMx,

    /// <summary>SERVFAIL.</summary>
    ServerFailure,

    /// <summary>The DNS query timed out.</summary>
    Timeout,
}

/// <summary>Where a catch-all finding came from.</summary>
[ApiSchema("CatchAllSource")]
public enum CatchAllSource
{
    /// <summary>Not known.</summary>
    Unknown,

    /// <summary>From an earlier probe.</summary>
    Cache,

    /// <summary>From a probe made for this request.</summary>
    Probe,
}

/// <summary>A DMARC policy.</summary>
[ApiSchema("DmarcPolicy")]
public enum DmarcPolicy
{
    /// <summary>p=none.</summary>
    None,

    /// <summary>p=quarantine.</summary>
    Quarantine,

    /// <summary>p=reject.</summary>
    Reject,
}

/// <summary>What a DNS blocklist said of an address.</summary>
[ApiSchema("BlocklistStatus")]
public enum BlocklistStatus
{
    /// <summary>Listed.</summary>
    Listed,

    /// <summary>Not listed.</summary>
    NotListed,

    /// <summary>The list refused the query (e.g. from a public resolver).</summary>
    QueryRefused,

    /// <summary>The query failed.</summary>
    Error,
}

/// <summary>How bad a sender-side problem is.</summary>
[ApiSchema("SenderProblemSeverity")]
public enum SenderProblemSeverity
{
    /// <summary>Worth knowing.</summary>
    Info,

    /// <summary>May hurt delivery.</summary>
    Warning,

    /// <summary>Will hurt delivery.</summary>
    Error,
}

/// <summary>A domain as a sender sees it (<c>GET /v1/domains/{domain}</c>).</summary>
/// <param name="Domain">The domain (A-label).</param>
/// <param name="DnsStatus">The DNS outcome.</param>
/// <param name="DnsError">What went wrong, when something did.</param>
/// <param name="Mx">MX hosts with their addresses.</param>
/// <param name="ImplicitMx">No MX but an A/AAAA record.</param>
/// <param name="NullMx">A null MX.</param>
/// <param name="CatchAll">Whether the domain accepts any recipient.</param>
/// <param name="Disposable">A disposable-mailbox domain.</param>
/// <param name="Free">A free-mail provider.</param>
/// <param name="Spf">The SPF record and its problems.</param>
/// <param name="Dmarc">The DMARC record and its problems.</param>
/// <param name="Dkim">The DKIM key of the selector asked for.</param>
/// <param name="Blocklists">MX addresses on the configured DNS blocklists.</param>
/// <param name="CheckedAt">When the report was made.</param>
/// <param name="DurationMs">Server time spent.</param>
[ApiSchema("DomainReport")]
public sealed record DomainReport(
    string? Domain,
    DomainStatus DnsStatus,
    string? DnsError,
    IReadOnlyList<DomainMailHost> Mx,
    bool ImplicitMx,
    bool NullMx,
    CatchAllReport CatchAll,
    bool Disposable,
    bool Free,
    SpfReport Spf,
    DmarcReport Dmarc,
    DkimReport Dkim,
    BlocklistReport Blocklists,
    DateTimeOffset CheckedAt,
    long DurationMs);

/// <summary>One MX host with its addresses.</summary>
/// <param name="Host">Its name.</param>
/// <param name="Preference">Its preference.</param>
/// <param name="Addresses">Its IP addresses.</param>
[ApiSchema("DomainMailHost")]
public sealed record DomainMailHost(string? Host, int Preference, IReadOnlyList<string> Addresses);

/// <summary>The catch-all finding.</summary>
/// <param name="Value">True, false, or null when unknown.</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Host">The MX host probed.</param>
/// <param name="ObservedAt">When it was observed.</param>
/// <param name="Note">An explanation.</param>
[ApiSchema("CatchAllReport")]
public sealed record CatchAllReport(bool? Value, CatchAllSource Source, string? Host, DateTimeOffset? ObservedAt, string? Note);

/// <summary>The SPF record, parsed.</summary>
/// <param name="Found">Whether there is one.</param>
/// <param name="Record">The record.</param>
/// <param name="Records">Every v=spf1 record found (more than one is an error).</param>
/// <param name="All">The all mechanism's qualifier.</param>
/// <param name="DnsLookups">DNS lookups counted through includes.</param>
/// <param name="DnsLookupLimit">The limit (10, RFC 7208).</param>
/// <param name="References">Records reached through include and redirect.</param>
/// <param name="Problems">What is wrong.</param>
[ApiSchema("SpfReport")]
public sealed record SpfReport(bool Found, string? Record, IReadOnlyList<string> Records, string? All, int DnsLookups, int DnsLookupLimit, IReadOnlyList<SpfReference> References, IReadOnlyList<SenderProblem> Problems);

/// <summary>A record reached through include or redirect.</summary>
/// <param name="Domain">Its domain.</param>
/// <param name="Via">include or redirect.</param>
/// <param name="Depth">How deep.</param>
/// <param name="Record">The record.</param>
/// <param name="DnsLookups">Lookups it costs.</param>
[ApiSchema("SpfReference")]
public sealed record SpfReference(string? Domain, string? Via, int Depth, string? Record, int DnsLookups);

/// <summary>The DMARC record, parsed.</summary>
/// <param name="Found">Whether there is one.</param>
/// <param name="Name">Where it was found.</param>
/// <param name="Record">The record.</param>
/// <param name="OrganizationalDomain">True when found at the organisational domain.</param>
/// <param name="Policy">p=; null without a record.</param>
/// <param name="SubdomainPolicy">sp=.</param>
/// <param name="EffectivePolicy">The policy that applies to this domain.</param>
/// <param name="Percent">pct=.</param>
/// <param name="AggregateReportUris">rua=.</param>
/// <param name="FailureReportUris">ruf=.</param>
/// <param name="DkimAlignment">adkim=.</param>
/// <param name="SpfAlignment">aspf=.</param>
/// <param name="FailureOptions">fo=.</param>
/// <param name="Problems">What is wrong.</param>
[ApiSchema("DmarcReport")]
public sealed record DmarcReport(
    bool Found,
    string? Name,
    string? Record,
    bool OrganizationalDomain,
    DmarcPolicy? Policy,
    DmarcPolicy? SubdomainPolicy,
    DmarcPolicy? EffectivePolicy,
    int? Percent,
    IReadOnlyList<string> AggregateReportUris,
    IReadOnlyList<string> FailureReportUris,
    string? DkimAlignment,
    string? SpfAlignment,
    string? FailureOptions,
    IReadOnlyList<SenderProblem> Problems);

/// <summary>The DKIM key of a selector.</summary>
/// <param name="Checked">Whether a selector was given.</param>
/// <param name="Selector">The selector.</param>
/// <param name="Name">The DNS name looked up.</param>
/// <param name="Found">Whether a record was found.</param>
/// <param name="Valid">Whether it is a usable key.</param>
/// <param name="Record">The record.</param>
/// <param name="KeyType">k=.</param>
/// <param name="KeyBits">The key's size.</param>
/// <param name="Revoked">An empty p=.</param>
/// <param name="Testing">t=y.</param>
/// <param name="Problems">What is wrong.</param>
[ApiSchema("DkimReport")]
public sealed record DkimReport(bool Checked, string? Selector, string? Name, bool Found, bool Valid, string? Record, string? KeyType, int? KeyBits, bool Revoked, bool Testing, IReadOnlyList<SenderProblem> Problems);

/// <summary>MX addresses on DNS blocklists.</summary>
/// <param name="Zones">The lists asked.</param>
/// <param name="Listed">Whether any address is listed.</param>
/// <param name="Results">One answer per address and list.</param>
/// <param name="Problems">What is wrong.</param>
[ApiSchema("BlocklistReport")]
public sealed record BlocklistReport(IReadOnlyList<string> Zones, bool Listed, IReadOnlyList<BlocklistListing> Results, IReadOnlyList<SenderProblem> Problems);

/// <summary>What one list said of one address.</summary>
/// <param name="Host">The MX host.</param>
/// <param name="Address">Its address.</param>
/// <param name="Zone">The list.</param>
/// <param name="Query">The DNS name asked.</param>
/// <param name="Status">The answer.</param>
/// <param name="ReturnCodes">127.0.0.x codes returned.</param>
/// <param name="Reason">The list's TXT reason.</param>
/// <param name="Error">What went wrong.</param>
[ApiSchema("BlocklistListing")]
public sealed record BlocklistListing(string? Host, string? Address, string? Zone, string? Query, BlocklistStatus Status, IReadOnlyList<string> ReturnCodes, string? Reason, string? Error);

/// <summary>A sender-side problem and the rejection it tends to cause.</summary>
/// <param name="Code">A stable code.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Severity">How bad.</param>
/// <param name="LikelySmtp">The SMTP rejection it tends to cause at receivers.</param>
[ApiSchema("SenderProblem")]
public sealed record SenderProblem(string? Code, string? Message, SenderProblemSeverity Severity, string? LikelySmtp);
