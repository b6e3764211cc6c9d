using DnsClient.Protocol;

namespace Verifier.Core.Dns;

/// <summary>The result of one lookup: the records of the asked type at the end of any CNAME chain.</summary>
/// <param name="Outcome">How the lookup ended.</param>
/// <param name="Records">The records of the asked type; empty unless <see cref="DnsLookupOutcome.Answer"/>.</param>
/// <param name="TimeToLive">Smallest TTL of the records and CNAMEs used, or the negative/failure TTL.</param>
/// <param name="Error">What went wrong, for failures.</param>
internal sealed record DnsLookup(DnsLookupOutcome Outcome, IReadOnlyList<DnsResourceRecord> Records, TimeSpan TimeToLive, string? Error = null)
{
    public bool IsFailure => Outcome is DnsLookupOutcome.ServerFailure or DnsLookupOutcome.Timeout;
}
