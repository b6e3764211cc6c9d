using System.Net;
using Verifier.Core.Network;

namespace Verifier.Core.Tests.Network;

public class NetworkGuardTests
{
    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0/8")]
    [InlineData("0.1.2.3", "0.0.0.0/8")]
    [InlineData("10.0.0.1", "10.0.0.0/8")]
    [InlineData("10.255.255.255", "10.0.0.0/8")]
    [InlineData("100.64.0.1", "100.64.0.0/10")]
    [InlineData("100.127.255.254", "100.64.0.0/10")]
    [InlineData("127.0.0.1", "127.0.0.0/8")]
    [InlineData("127.255.0.9", "127.0.0.0/8")]
    [InlineData("169.254.169.254", "169.254.0.0/16")]
    [InlineData("172.16.0.1", "172.16.0.0/12")]
    [InlineData("172.31.255.255", "172.16.0.0/12")]
    [InlineData("192.0.0.8", "192.0.0.0/24")]
    [InlineData("192.0.2.10", "192.0.2.0/24")]
    [InlineData("192.31.196.1", "192.31.196.0/24")]
    [InlineData("192.52.193.1", "192.52.193.0/24")]
    [InlineData("192.88.99.1", "192.88.99.0/24")]
    [InlineData("192.168.1.1", "192.168.0.0/16")]
    [InlineData("192.175.48.6", "192.175.48.0/24")]
    [InlineData("198.18.0.1", "198.18.0.0/15")]
    [InlineData("198.19.255.255", "198.18.0.0/15")]
    [InlineData("198.51.100.7", "198.51.100.0/24")]
    [InlineData("203.0.113.9", "203.0.113.0/24")]
    [InlineData("224.0.0.1", "224.0.0.0/4")]
    [InlineData("239.255.255.250", "224.0.0.0/4")]
    [InlineData("240.0.0.1", "240.0.0.0/4")]
    [InlineData("255.255.255.255", "255.255.255.255/32")]
    [InlineData("::", "::/128")]
    [InlineData("::1", "::1/128")]
    [InlineData("::7f00:1", "::/96")]
    [InlineData("::ffff:0:a00:1", "::ffff:0:0:0/96")]
    [InlineData("64:ff9b:1::1", "64:ff9b:1::/48")]
    [InlineData("100::1", "100::/64")]
    [InlineData("2001::1", "2001::/23")]
    [InlineData("2001:2::1", "2001::/23")]
    [InlineData("2001:1ff:ffff::1", "2001::/23")]
    [InlineData("2001:db8::25", "2001:db8::/32")]
    [InlineData("2620:4f:8000::1", "2620:4f:8000::/48")]
    [InlineData("3fff::1", "3fff::/20")]
    [InlineData("5f00::1", "5f00::/16")]
    [InlineData("fc00::1", "fc00::/7")]
    [InlineData("fd12:3456::1", "fc00::/7")]
    [InlineData("fe80::1", "fe80::/10")]
    [InlineData("fec0::1", "fec0::/10")]
    [InlineData("ff02::1", "ff00::/8")]
    [InlineData("4000::1", "::/0")]
    [InlineData("1::1", "::/0")]
    public void Refuses_special_purpose_addresses(string address, string block)
    {
        var decision = NetworkGuard.PublicOnly.Evaluate(IPAddress.Parse(address));

        Assert.False(decision.IsAllowed);
        Assert.Equal(IPNetwork.Parse(block), decision.Range!.Network);
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.0/8")]
    [InlineData("::ffff:10.1.2.3", "10.0.0.0/8")]
    [InlineData("::ffff:0.0.0.0", "0.0.0.0/8")]
    [InlineData("64:ff9b::192.168.0.1", "192.168.0.0/16")]
    [InlineData("64:ff9b::7f00:1", "127.0.0.0/8")]
    [InlineData("2002:7f00:1::1", "127.0.0.0/8")]
    [InlineData("2002:a9fe:a9fe::1", "169.254.0.0/16")]
    [InlineData("2002:c000:0201::", "192.0.2.0/24")]
    public void Judges_the_embedded_IPv4_address(string address, string block)
    {
        var decision = NetworkGuard.PublicOnly.Evaluate(IPAddress.Parse(address));

        Assert.False(decision.IsAllowed);
        Assert.Equal(IPNetwork.Parse(block), decision.Range!.Network);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.1.255")]
    [InlineData("192.169.0.1")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.254")]
    [InlineData("2a00:1450:4001:80b::201a")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2001:200::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Allows_public_unicast(string address)
    {
        var decision = NetworkGuard.PublicOnly.Evaluate(IPAddress.Parse(address));

        Assert.True(decision.IsAllowed, decision.ToString());
        Assert.Null(decision.Range);
    }

    [Theory]
    [InlineData("127.0.0.0/8", "127.0.0.1", true)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.0/8", "10.0.0.1", false)]
    [InlineData("127.0.0.0/8", "::1", false)]
    [InlineData("10.20.0.0/16", "10.20.3.4", true)]
    [InlineData("10.20.0.0/16", "10.21.0.1", false)]
    [InlineData("fd00::/8", "fd00::25", true)]
    [InlineData("fd00::/8", "fc00::25", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("192.168.1.7", "192.168.1.8", false)]
    public void Allowed_networks_override_the_table(string allowed, string address, bool expected)
    {
        var guard = NetworkGuard.FromCidrs([allowed]);

        var decision = guard.Evaluate(IPAddress.Parse(address));

        Assert.Equal(expected, decision.IsAllowed);
        Assert.NotNull(decision.Range);
        Assert.Equal(expected, decision.AllowedBy is not null);
    }

    [Theory]
    [InlineData("not a network")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.1/8")]
    [InlineData("")]
    public void Rejects_malformed_allowed_networks(string allowed)
    {
        Assert.False(NetworkGuard.TryParseNetwork(allowed, out _));
        Assert.Throws<FormatException>(() => NetworkGuard.FromCidrs([allowed]));
    }

    [Fact]
    public void Explains_a_refusal()
    {
        var decision = NetworkGuard.PublicOnly.Evaluate(IPAddress.Parse("192.168.0.10"));

        Assert.Equal("192.168.0.10 is in 192.168.0.0/16 Private-Use (RFC 1918)", decision.ToString());
    }
}
