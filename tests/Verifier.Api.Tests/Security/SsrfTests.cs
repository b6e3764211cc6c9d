using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Security;

/// <summary>
/// The prober cannot be pointed at internal networks through the API. MX hosts resolve to a representative of every
/// special-purpose range (RFC 6890 and the IANA registries), or the address is a literal; loopback is NOT in the
/// allowed networks here, so listeners on 127.0.0.1 and ::1 at the SMTP port prove that no connection was made.
/// Only 127.0.0.2 is allowed, standing in for a public mail server. No test connects anywhere else.
/// </summary>
public sealed class SsrfTests(SsrfTests.Fixture fixture) : IClassFixture<SsrfTests.Fixture>
{
    private static readonly IPAddress StandIn = IPAddress.Parse("127.0.0.2");

    private SecurityWorld World => fixture.World;

    private HttpClient Client => fixture.Client;

    public static TheoryData<string> SpecialPurposeAddresses => new()
    {
        // IPv4
        "0.0.0.0", "0.1.2.3", "10.1.2.3", "100.64.0.1", "127.0.0.1", "127.53.53.53", "169.254.169.254", "172.16.0.1",
        "172.31.255.254", "192.0.0.8", "192.0.2.1", "192.31.196.1", "192.52.193.1", "192.88.99.1", "192.168.1.1",
        "192.175.48.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1", "239.255.255.250", "240.0.0.1",
        "255.255.255.255",

        // IPv6, and IPv6 forms that carry a special-purpose IPv4 address
        "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0.0.0.0", "::127.0.0.1",
        "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "100::1", "2001::1", "2001:2::1", "2001:db8::1",
        "2002:7f00:1::1", "2002:a00:1::1", "2620:4f:8000::1", "3fff::1", "5f00::1", "fc00::1", "fd12:3456:789a::1",
        "fe80::1", "fec0::1", "ff02::1", "4000::1",
    };

    [Theory]
    [MemberData(nameof(SpecialPurposeAddresses))]
    public async Task An_mx_in_a_special_purpose_range_is_refused_before_any_connection(string address)
    {
        var domain = "r" + Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(address)).ToLowerInvariant()[..Math.Min(40, address.Length * 2)] + ".ssrf.test";
        World.Route(domain, IPAddress.Parse(address));

        var result = await Client.GetJsonAsync($"/v1/verify?email=someone@{domain}&refresh=true");

        AssertRefused(result);
    }

    [Fact]
    public async Task Several_addresses_all_special_are_all_refused()
    {
        World.Dns.Mx("multi.ssrf.test", 10, "mx1.multi.ssrf.test").Mx("multi.ssrf.test", 20, "mx2.multi.ssrf.test")
            .A("mx1.multi.ssrf.test", "203.0.113.9").A("mx1.multi.ssrf.test", "127.0.0.1").Aaaa("mx1.multi.ssrf.test", "::1")
            .A("mx2.multi.ssrf.test", "192.168.0.1").Aaaa("mx2.multi.ssrf.test", "fd00::25");

        var result = await Client.GetJsonAsync("/v1/verify?email=someone@multi.ssrf.test&refresh=true");

        AssertRefused(result);
    }

    [Fact]
    public async Task With_one_allowed_address_among_private_ones_only_the_allowed_one_is_contacted()
    {
        World.Dns.Mx("mixed.ssrf.test", 10, "mx.mixed.ssrf.test")
            .A("mx.mixed.ssrf.test", "127.0.0.1").A("mx.mixed.ssrf.test", "10.0.0.25").A("mx.mixed.ssrf.test", "127.0.0.2")
            .Aaaa("mx.mixed.ssrf.test", "::1");
        var before = fixture.StandIn.ConnectionCount;

        var result = await Client.GetJsonAsync("/v1/verify?email=someone@mixed.ssrf.test&refresh=true");

        Assert.Equal("catch_all", result.Str("reason"));
        Assert.True(fixture.StandIn.ConnectionCount > before);
        fixture.AssertNoLoopbackConnection();
    }

    [Theory]
    [InlineData("user@[127.0.0.1]")]
    [InlineData("user@[IPv6:::1]")]
    [InlineData("user@[0.0.0.0]")]
    [InlineData("user@[10.0.0.1]")]
    [InlineData("user@[169.254.169.254]")]
    [InlineData("user@[IPv6:::ffff:127.0.0.1]")]
    [InlineData("user@[IPv6:fe80::1]")]
    [InlineData("user@[IPv6:2002:7f00:1::]")]
    public async Task An_address_literal_in_a_special_purpose_range_is_refused(string email)
    {
        var result = await Client.GetJsonAsync($"/v1/verify?email={Uri.EscapeDataString(email)}&refresh=true");
        var posted = await Client.PostJsonAsync("/v1/verify", new { email, refresh = true });

        AssertRefused(result);
        AssertRefused(posted);
    }

    private void AssertRefused(System.Text.Json.JsonElement result)
    {
        Assert.Equal("unroutable_mx", result.Str("reason"));
        Assert.Equal("undeliverable", result.Str("verdict"));
        var smtp = result.GetProperty("checks").GetProperty("smtp");
        Assert.True(smtp.ValueKind == System.Text.Json.JsonValueKind.Null || !smtp.GetProperty("performed").GetBoolean(), smtp.ToString());
        fixture.AssertNoLoopbackConnection();
    }

    /// <summary>
    /// The world's recording SMTP server on 127.0.0.1 and a peer on ::1 watch the SMTP port; 127.0.0.2 answers as an
    /// allowed mail server.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private ScriptedSmtpPeer? _ipv6Watcher;
        private WebApplicationFactory<Program> _app = null!;

        public SecurityWorld World { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public ScriptedSmtpPeer StandIn { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await World.InitializeAsync();
            if (Socket.OSSupportsIPv6)
            {
                _ipv6Watcher = World.Peer(IPAddress.IPv6Loopback, ScriptedSmtpPeer.AcceptEverything);
            }

            StandIn = World.Peer(SsrfTests.StandIn, ScriptedSmtpPeer.AcceptEverything);
            _app = SecurityWorld.App(World.Settings(new Dictionary<string, string?> { ["Verifier:Smtp:AllowedNetworks:0"] = "127.0.0.2/32" }));
            Client = _app.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
            await World.DisposeAsync();
        }

        public void AssertNoLoopbackConnection()
        {
            Assert.Equal(0, World.Smtp.SessionCount);
            Assert.Equal(0, _ipv6Watcher?.ConnectionCount ?? 0);
        }
    }
}
