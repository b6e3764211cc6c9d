using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Verifier.Core.Network;

/// <summary>The guard's answer for one address.</summary>
/// <param name="Address">The address judged.</param>
/// <param name="IsAllowed">True when a connection may be made.</param>
/// <param name="Range">The special-purpose block the address (or the IPv4 address embedded in it) falls in; null for public unicast.</param>
/// <param name="AllowedBy">The configured allowed network that overrode <paramref name="Range"/>, if any.</param>
public sealed record NetworkGuardDecision(IPAddress Address, bool IsAllowed, SpecialPurposeRange? Range, IPNetwork? AllowedBy)
{
    public override string ToString() => (IsAllowed, Range, AllowedBy) switch
    {
        (true, _, { } allowed) => $"{Address} allowed by configured network {allowed}",
        (true, _, _) => $"{Address} is public unicast",
        (false, { } range, _) => $"{Address} is in {range.Network} {range.Name} ({range.Reference})",
        _ => $"{Address} is refused",
    };
}

/// <summary>
/// Decides whether the prober may open a connection to an address: only public unicast, never a
/// special-purpose block of RFC 6890 and the IANA registries (loopback, private, CGNAT, link-local,
/// documentation, multicast, reserved, …), unless the address is inside one of the configured allowed
/// networks. Addresses that embed IPv4 (IPv4-mapped, 64:ff9b::/96, 2002::/16) are judged by the
/// embedded IPv4 address. Pure: no I/O, thread-safe.
/// </summary>
public sealed class NetworkGuard
{
    private readonly IPNetwork[] _allowed;

    /// <summary>A guard with no exceptions: only public unicast is allowed.</summary>
    public static NetworkGuard PublicOnly { get; } = new([]);

    public NetworkGuard(IEnumerable<IPNetwork> allowedNetworks)
    {
        ArgumentNullException.ThrowIfNull(allowedNetworks);
        _allowed = [.. allowedNetworks];
    }

    /// <summary>The networks that override the special-purpose table.</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks => _allowed;

    /// <summary>Builds a guard from CIDR strings such as "127.0.0.0/8" or "fd00::/8" (a bare address means a single host).</summary>
    /// <exception cref="FormatException">An entry is not a CIDR range.</exception>
    public static NetworkGuard FromCidrs(IEnumerable<string> allowedNetworks)
    {
        ArgumentNullException.ThrowIfNull(allowedNetworks);
        var networks = new List<IPNetwork>();
        foreach (var text in allowedNetworks)
        {
            if (!TryParseNetwork(text, out var network))
            {
                throw new FormatException($"'{text}' is not a CIDR network such as 10.0.0.0/8 or fd00::/8.");
            }

            networks.Add(network);
        }

        return new NetworkGuard(networks);
    }

    /// <summary>Parses "address/prefix" or a bare address; the address must not have bits set beyond the prefix.</summary>
    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (!trimmed.Contains('/', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(trimmed, out var single))
            {
                return false;
            }

            var bits = single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            trimmed = single + "/" + bits.ToString(CultureInfo.InvariantCulture);
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(trimmed.AsSpan(0, slash), out var baseAddress)
            && IPNetwork.TryParse(trimmed, out network)
            && network.BaseAddress.Equals(baseAddress);
    }

    /// <summary>True when the prober may connect to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address) => Evaluate(address).IsAllowed;

    /// <summary>Judges <paramref name="address"/> and says why.</summary>
    public NetworkGuardDecision Evaluate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var allowedBy = FindAllowed(address);

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && TryGetEmbeddedIPv4(address, out var embedded, out var carrier))
        {
            var inner = Evaluate(embedded);
            if (allowedBy is { } overriding)
            {
                return new NetworkGuardDecision(address, true, inner.Range ?? carrier, overriding);
            }

            return inner with { Address = address };
        }

        var range = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => SpecialPurposeRanges.Find(address),
            AddressFamily.InterNetworkV6 => SpecialPurposeRanges.Find(address)
                ?? (SpecialPurposeRanges.GlobalUnicast.Network.Contains(address) ? null : SpecialPurposeRanges.IPv6ReservedByIetf),
            _ => SpecialPurposeRanges.IPv6ReservedByIetf,
        };

        if (range is null)
        {
            return new NetworkGuardDecision(address, true, null, null);
        }

        return new NetworkGuardDecision(address, allowedBy is not null, range, allowedBy);
    }

    private IPNetwork? FindAllowed(IPAddress address)
    {
        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return network;
            }
        }

        return null;
    }

    /// <summary>The IPv4 address carried by an IPv4-mapped, NAT64 well-known-prefix or 6to4 address.</summary>
    internal static bool TryGetEmbeddedIPv4(IPAddress address, out IPAddress embedded, out SpecialPurposeRange carrier)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(bytes, out _))
        {
            embedded = address;
            carrier = SpecialPurposeRanges.IPv6ReservedByIetf;
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            embedded = address.MapToIPv4();
            carrier = SpecialPurposeRanges.IPv4Mapped;
            return true;
        }

        if (SpecialPurposeRanges.Nat64WellKnown.Network.Contains(address))
        {
            embedded = new IPAddress(bytes[12..16]);
            carrier = SpecialPurposeRanges.Nat64WellKnown;
            return true;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(bytes) == 0x2002)
        {
            embedded = new IPAddress(bytes[2..6]);
            carrier = SpecialPurposeRanges.SixToFour;
            return true;
        }

        embedded = address;
        carrier = SpecialPurposeRanges.IPv6ReservedByIetf;
        return false;
    }
}
