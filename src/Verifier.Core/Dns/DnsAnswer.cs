namespace Verifier.Core.Dns;

/// <summary>The records one query found.</summary>
/// <param name="Outcome">How the query ended.</param>
/// <param name="Records">The records; empty unless <see cref="DnsLookupOutcome.Answer"/>.</param>
/// <param name="Error">What went wrong, for failures.</param>
public sealed record DnsAnswer<T>(DnsLookupOutcome Outcome, IReadOnlyList<T> Records, string? Error = null)
{
    /// <summary>True for SERVFAIL-like failures and time-outs: the name may have records nobody could read.</summary>
    public bool IsFailure => Outcome is DnsLookupOutcome.ServerFailure or DnsLookupOutcome.Timeout;

    /// <summary>True when the name certainly has no records of the type (NODATA or NXDOMAIN).</summary>
    public bool IsEmpty => Outcome is DnsLookupOutcome.NoData or DnsLookupOutcome.NoSuchDomain;
}
