using System.Net;

namespace Verifier.Core.Dns;

/// <summary>
/// The TXT and A lookups the sender-side checks need (SPF, DMARC, DKIM, DNS blocklists). Never throws for DNS
/// outcomes; they are <see cref="DnsLookupOutcome"/> values. Cancellation by the caller is thrown.
/// </summary>
public interface IDnsRecordLookup
{
    /// <summary>TXT records of <paramref name="name"/>, each record's strings joined without separators (RFC 7208 §3.3).</summary>
    Task<DnsAnswer<string>> GetTextAsync(string name, CancellationToken cancellationToken);

    /// <summary>IPv4 (A) addresses of <paramref name="name"/>.</summary>
    Task<DnsAnswer<IPAddress>> GetAddressesAsync(string name, CancellationToken cancellationToken);
}
