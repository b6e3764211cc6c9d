namespace Verifier.Testing.Dns;

/// <summary>What the zone says to one question, before it is put on the wire.</summary>
/// <param name="Code">The response code.</param>
/// <param name="Answers">The answer section: a CNAME chain, if any, then the records of the asked type.</param>
/// <param name="Authority">The authority section: the zone's SOA for negative answers when the zone has one.</param>
/// <param name="Drop">Send nothing at all (the client times out).</param>
/// <param name="TruncateOverUdp">Answer UDP with the TC bit and no records, so the client retries over TCP.</param>
internal sealed record ZoneAnswer(
    DnsResponseCode Code,
    IReadOnlyList<ZoneRecord> Answers,
    IReadOnlyList<ZoneRecord> Authority,
    bool Drop = false,
    bool TruncateOverUdp = false)
{
    public static ZoneAnswer Dropped { get; } = new(DnsResponseCode.NoError, [], [], Drop: true);

    public static ZoneAnswer Failure(DnsResponseCode code) => new(code, [], []);
}
