namespace Verifier.Core.Dns;

/// <summary>What DNS said about a domain's mail routing. Each outcome is distinct on purpose.</summary>
public enum DomainStatus
{
    /// <summary>At least one mail exchanger (explicit MX, or implicit from A/AAAA).</summary>
    Resolved,

    /// <summary>NXDOMAIN: the domain does not exist.</summary>
    NoSuchDomain,

    /// <summary>
    /// The domain exists (NODATA) but has no MX and no A/AAAA; or its MX hosts do not resolve to any address
    /// (each NXDOMAIN or without A/AAAA: a dangling MX).
    /// </summary>
    NoMailServer,

    /// <summary>A single MX of "." (RFC 7505): the domain accepts no mail.</summary>
    NullMx,

    /// <summary>SERVFAIL, REFUSED or another server error: nothing is known.</summary>
    ServerFailure,

    /// <summary>No DNS server answered in time: nothing is known.</summary>
    Timeout,
}
