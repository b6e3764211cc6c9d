using System.Net;
using System.Net.Sockets;

namespace Verifier.Core.Network;

/// <summary>One block of the IANA special-purpose address registries (RFC 6890) or another non-public block.</summary>
/// <param name="Network">The block.</param>
/// <param name="Name">The registry's name for it, e.g. "Private-Use".</param>
/// <param name="Reference">The document that reserves it, e.g. "RFC 1918".</param>
public sealed record SpecialPurposeRange(IPNetwork Network, string Name, string Reference)
{
    public override string ToString() => $"{Network} {Name} ({Reference})";
}

/// <summary>
/// The address blocks a mail prober must never connect to: the IANA IPv4 and IPv6 Special-Purpose
/// Address Registries (RFC 6890 and its updates) plus multicast, reserved and deprecated space.
/// Blocks that embed an IPv4 address (IPv4-mapped, NAT64 well-known prefix, 6to4) are not listed here:
/// <see cref="NetworkGuard"/> judges the embedded address instead.
/// </summary>
public static class SpecialPurposeRanges
{
    /// <summary>IPv4 blocks, each refused whole (including blocks the registry marks globally reachable, such as AS112 and AMT: no mail server lives there).</summary>
    public static IReadOnlyList<SpecialPurposeRange> IPv4 { get; } =
    [
        Range("0.0.0.0/8", "This network", "RFC 791 §3.2"),
        Range("10.0.0.0/8", "Private-Use", "RFC 1918"),
        Range("100.64.0.0/10", "Shared Address Space (CGNAT)", "RFC 6598"),
        Range("127.0.0.0/8", "Loopback", "RFC 1122 §3.2.1.3"),
        Range("169.254.0.0/16", "Link Local", "RFC 3927"),
        Range("172.16.0.0/12", "Private-Use", "RFC 1918"),
        Range("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 §2.1"),
        Range("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737"),
        Range("192.31.196.0/24", "AS112-v4", "RFC 7535"),
        Range("192.52.193.0/24", "AMT", "RFC 7450"),
        Range("192.88.99.0/24", "Deprecated 6to4 Relay Anycast", "RFC 7526"),
        Range("192.168.0.0/16", "Private-Use", "RFC 1918"),
        Range("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534"),
        Range("198.18.0.0/15", "Benchmarking", "RFC 2544"),
        Range("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737"),
        Range("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737"),
        Range("224.0.0.0/4", "Multicast", "RFC 5771"),
        Range("255.255.255.255/32", "Limited Broadcast", "RFC 919 §7"),
        Range("240.0.0.0/4", "Reserved", "RFC 1112 §4"),
    ];

    /// <summary>IPv6 blocks refused whole. Anything outside 2000::/3 (global unicast) is refused as well.</summary>
    public static IReadOnlyList<SpecialPurposeRange> IPv6 { get; } =
    [
        Range("::/128", "Unspecified Address", "RFC 4291 §2.5.2"),
        Range("::1/128", "Loopback Address", "RFC 4291 §2.5.3"),
        Range("::/96", "IPv4-Compatible (deprecated)", "RFC 4291 §2.5.5.1"),
        Range("::ffff:0:0:0/96", "IPv4-translated", "RFC 2765"),
        Range("64:ff9b:1::/48", "IPv4-IPv6 Translation, local use", "RFC 8215"),
        Range("100::/64", "Discard-Only Address Block", "RFC 6666"),
        Range("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780"),
        Range("2001::/23", "IETF Protocol Assignments (TEREDO, ORCHID, benchmarking, AMT, AS112, …)", "RFC 2928"),
        Range("2001:db8::/32", "Documentation", "RFC 3849"),
        Range("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534"),
        Range("3fff::/20", "Documentation", "RFC 9637"),
        Range("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602"),
        Range("fc00::/7", "Unique-Local", "RFC 4193"),
        Range("fe80::/10", "Link-Local Unicast", "RFC 4291"),
        Range("fec0::/10", "Site-Local (deprecated)", "RFC 3879"),
        Range("ff00::/8", "Multicast", "RFC 4291 §2.7"),
    ];

    /// <summary>IPv4-mapped IPv6 addresses (::ffff:a.b.c.d): judged by the IPv4 address.</summary>
    public static SpecialPurposeRange IPv4Mapped { get; } = Range("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291 §2.5.5.2");

    /// <summary>NAT64 well-known prefix (64:ff9b::a.b.c.d): judged by the IPv4 address.</summary>
    public static SpecialPurposeRange Nat64WellKnown { get; } = Range("64:ff9b::/96", "IPv4-IPv6 Translation", "RFC 6052");

    /// <summary>6to4 (2002:aabb:ccdd::/48 for a.b.c.d): judged by the IPv4 address.</summary>
    public static SpecialPurposeRange SixToFour { get; } = Range("2002::/16", "6to4", "RFC 3056");

    /// <summary>The only IPv6 block allocated for global unicast.</summary>
    public static SpecialPurposeRange GlobalUnicast { get; } = Range("2000::/3", "Global Unicast", "RFC 4291 §2.4");

    /// <summary>Everything in IPv6 outside <see cref="GlobalUnicast"/> that no other entry names.</summary>
    public static SpecialPurposeRange IPv6ReservedByIetf { get; } = Range("::/0", "Reserved by IETF (outside 2000::/3)", "RFC 4291 §2.4");

    /// <summary>The most specific listed block containing <paramref name="address"/> (no embedded-IPv4 handling), or null.</summary>
    public static SpecialPurposeRange? Find(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var table = address.AddressFamily == AddressFamily.InterNetwork ? IPv4 : IPv6;
        SpecialPurposeRange? best = null;
        foreach (var range in table)
        {
            if (range.Network.Contains(address) && (best is null || range.Network.PrefixLength > best.Network.PrefixLength))
            {
                best = range;
            }
        }

        return best;
    }

    private static SpecialPurposeRange Range(string cidr, string name, string reference) =>
        new(IPNetwork.Parse(cidr), name, reference);
}
