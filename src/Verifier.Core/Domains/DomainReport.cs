using Verifier.Core.Dns;

namespace Verifier.Core.Domains;

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
