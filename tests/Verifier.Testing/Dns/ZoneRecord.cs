using System.Net;

namespace Verifier.Testing.Dns;

/// <summary>One resource record held by the loopback zone. Names keep the spelling they were given.</summary>
internal abstract record ZoneRecord(string Name, TimeSpan TimeToLive)
{
    public abstract DnsRecordType Type { get; }
}

internal sealed record AddressZoneRecord(string Name, TimeSpan TimeToLive, IPAddress Address) : ZoneRecord(Name, TimeToLive)
{
    public override DnsRecordType Type =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A;
}

/// <param name="Exchange">The mail host; the empty string is the root name "." of a null MX (RFC 7505).</param>
internal sealed record MxZoneRecord(string Name, TimeSpan TimeToLive, int Preference, string Exchange) : ZoneRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Mx;
}

internal sealed record CnameZoneRecord(string Name, TimeSpan TimeToLive, string Target) : ZoneRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Cname;
}

internal sealed record TxtZoneRecord(string Name, TimeSpan TimeToLive, string Text) : ZoneRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Txt;
}

/// <param name="Minimum">The negative-caching TTL of the zone (RFC 2308 §4).</param>
internal sealed record SoaZoneRecord(string Name, TimeSpan TimeToLive, TimeSpan Minimum) : ZoneRecord(Name, TimeToLive)
{
    public override DnsRecordType Type => DnsRecordType.Soa;
}
