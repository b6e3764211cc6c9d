namespace Verifier.Core.Dns;

/// <summary>How one DNS lookup ended: the one outcome type of every query the engine makes.</summary>
public enum DnsLookupOutcome
{
    /// <summary>Records of the asked type were found.</summary>
    Answer,

    /// <summary>The name exists but has no records of the asked type (NODATA).</summary>
    NoData,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NoSuchDomain,

    /// <summary>SERVFAIL, REFUSED, another error code, a CNAME loop or a network error: nothing is known.</summary>
    ServerFailure,

    /// <summary>No server answered in time: nothing is known.</summary>
    Timeout,
}
