using System.Net;

namespace Verifier.Core.Domains;

/// <summary>How one TXT or A query ended.</summary>
public enum DnsAnswerStatus
{
    /// <summary>Records of the asked type were found.</summary>
    Found,

    /// <summary>The name exists but has no records of the asked type (NODATA).</summary>
    NoData,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NoSuchDomain,

    /// <summary>SERVFAIL, REFUSED, another error code or a network error: nothing is known.</summary>
    ServerFailure,

    /// <summary>No server answered in time: nothing is known.</summary>
    Timeout,
}

/// <summary>The records one query found.</summary>
/// <param name="Status">How the query ended.</param>
/// <param name="Records">The records; empty unless <see cref="DnsAnswerStatus.Found"/>.</param>
/// <param name="Error">What went wrong, for failures.</param>
public sealed record DnsAnswer<T>(DnsAnswerStatus Status, IReadOnlyList<T> Records, string? Error = null)
{
    /// <summary>True for SERVFAIL-like failures and time-outs: the name may have records nobody could read.</summary>
    public bool IsFailure => Status is DnsAnswerStatus.ServerFailure or DnsAnswerStatus.Timeout;

    /// <summary>True when the name certainly has no records of the type (NODATA or NXDOMAIN).</summary>
    public bool IsEmpty => Status is DnsAnswerStatus.NoData or DnsAnswerStatus.NoSuchDomain;
}

/// <summary>
/// The TXT and A lookups the sender-side checks need (SPF, DMARC, DKIM, DNS blocklists). Never throws for DNS
/// outcomes; they are <see cref="DnsAnswerStatus"/> values. Cancellation by the caller is thrown.
/// </summary>
public interface IDnsRecordLookup
{
    /// <summary>TXT records of <paramref name="name"/>, each record's strings joined without separators (RFC 7208 §3.3).</summary>
    Task<DnsAnswer<string>> GetTextAsync(string name, CancellationToken cancellationToken);

    /// <summary>IPv4 (A) addresses of <paramref name="name"/>.</summary>
    Task<DnsAnswer<IPAddress>> GetAddressesAsync(string name, CancellationToken cancellationToken);
}
