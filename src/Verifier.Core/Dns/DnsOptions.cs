using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Dns;

/// <summary>How the domain stage talks to DNS. Bound from the <see cref="SectionName"/> configuration section.</summary>
public sealed class DnsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Verifier:Dns";

    /// <summary>
    /// DNS servers to query, in order: <c>host</c>, <c>host:port</c>, an IPv6 address (<c>::1</c>) or
    /// <c>[::1]:5353</c>. Host names are resolved once, when the client is built. Empty: the system's resolvers.
    /// </summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>How long to wait for one answer from one server before retrying. Default 3 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times a query that timed out is sent again to the same server. Default 1.</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 1;

    /// <summary>
    /// Only the first this many mail exchangers, by preference, get their addresses resolved; the rest are
    /// listed without addresses. Default 5.
    /// </summary>
    [Range(1, 50)]
    public int MaxMailExchangers { get; set; } = 5;

    /// <summary>The longest time an answer may be reused, whatever its records' TTLs say. Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long NXDOMAIN and NODATA answers may be reused when the server sent no SOA record to say so
    /// (RFC 2308 §5). Default 5 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan NegativeTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a SERVFAIL, REFUSED or time-out may be reused, so that a failing domain is not asked again for
    /// every one of its addresses in a batch (RFC 2308 §7 allows up to 5 minutes). Zero: never reused. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FailureTimeToLive { get; set; } = TimeSpan.FromSeconds(30);
}
