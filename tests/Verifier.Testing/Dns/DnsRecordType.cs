namespace Verifier.Testing.Dns;

/// <summary>The DNS record types the loopback server serves, with their wire values (RFC 1035 §3.2.2, RFC 3596).</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    Ns = 2,
    Cname = 5,
    Soa = 6,
    Mx = 15,
    Txt = 16,
    Aaaa = 28,
    Any = 255,
}
