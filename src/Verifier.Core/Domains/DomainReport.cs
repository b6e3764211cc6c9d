using Verifier.Core.Dns;

namespace Verifier.Core.Domains;

/// <summary>One mail host of the domain.</summary>
/// <param name="Host">Host name (A-label form).</param>
/// <param name="Preference">MX preference; lower is tried first. 0 for an implicit MX.</param>
/// <param name="Addresses">Its IPv4 and IPv6 addresses.</param>
public sealed record DomainMailHost(string Host, int Preference, IReadOnlyList<string> Addresses);

/// <summary>Where the catch-all answer came from.</summary>
public enum CatchAllSource
{
    /// <summary>Not known: nothing cached, no probe asked for (or the probe did not tell).</summary>
    Unknown,

    /// <summary>From the per-domain cache of earlier SMTP probes.</summary>
    Cache,

    /// <summary>From an SMTP probe made for this request (<c>?probe=true</c>).</summary>
    Probe,
}

/// <summary>Whether the domain's mail servers accept any recipient.</summary>
/// <param name="Value">True: any recipient is accepted at RCPT time; false: unknown ones are rejected; null: not known.</param>
/// <param name="Source">Where the answer came from.</param>
/// <param name="Host">The MX host it was observed on.</param>
/// <param name="ObservedAt">When it was observed.</param>
/// <param name="Note">What the value means, or why there is none.</param>
public sealed record CatchAllReport(bool? Value, CatchAllSource Source, string? Host, DateTimeOffset? ObservedAt, string Note);

/// <summary>What a sender needs to know about a domain: where its mail goes, and how well its own mail is authenticated.</summary>
/// <param name="Domain">The domain in A-label form.</param>
/// <param name="DnsStatus">What DNS said about its mail routing.</param>
/// <param name="DnsError">A short description of a DNS failure.</param>
/// <param name="Mx">Mail hosts in preference order with their addresses.</param>
/// <param name="ImplicitMx">True when there is no MX and the domain's own address stands in (RFC 5321 §5.1).</param>
/// <param name="NullMx">True for a null MX (RFC 7505): the domain accepts no mail.</param>
/// <param name="CatchAll">Whether its servers accept any recipient.</param>
/// <param name="Disposable">True when the domain (or a parent of it) is a disposable-mailbox provider.</param>
/// <param name="Free">True when the domain is a free-mail provider.</param>
/// <param name="Spf">Its SPF policy.</param>
/// <param name="Dmarc">Its DMARC policy.</param>
/// <param name="Dkim">The DKIM key of the selector asked about.</param>
/// <param name="Blocklists">Its MX addresses on the configured DNS blocklists.</param>
/// <param name="CheckedAt">When the report was made.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record DomainReport(
    string Domain,
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

/// <summary>What to report on.</summary>
/// <param name="Domain">The domain, already validated and in A-label form (see <see cref="DomainName.TryNormalize"/>).</param>
/// <param name="Probe">Probe the MX over SMTP for catch-all when the cache does not know.</param>
/// <param name="DkimSelector">The DKIM selector to check; null: DKIM is not checked.</param>
public sealed record DomainReportRequest(string Domain, bool Probe = false, string? DkimSelector = null);
