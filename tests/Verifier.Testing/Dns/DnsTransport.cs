namespace Verifier.Testing.Dns;

/// <summary>How a query reached the loopback server.</summary>
public enum DnsTransport
{
    Udp,
    Tcp,
}
