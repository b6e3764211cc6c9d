using Microsoft.AspNetCore.Mvc.Testing;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Security;

/// <summary>Hostile DNS answers through the API: each is answered (200) with the outcome it deserves, quickly.</summary>
public sealed class HostileDnsTests(HostileDnsTests.Fixture fixture) : IClassFixture<HostileDnsTests.Fixture>
{
    [Theory]
    [InlineData("servfail.dns.test")]
    [InlineData("timeout.dns.test")]
    [InlineData("loop.dns.test")]
    public async Task A_failing_answer_is_a_dns_error_never_undeliverable(string domain)
    {
        var result = await fixture.Client.GetJsonAsync($"/v1/verify?email=someone@{domain}&refresh=true");

        Assert.Equal("dns_error", result.Str("reason"));
        Assert.Equal("unknown", result.Str("verdict"));
    }

    [Fact]
    public async Task A_truncated_answer_is_retried_over_tcp()
    {
        var result = await fixture.Client.GetJsonAsync("/v1/verify?email=alice@truncated.dns.test&refresh=true");

        Assert.Equal("accepted", result.Str("reason"));
        Assert.True(fixture.World.Dns.QueryCount("truncated.dns.test", DnsRecordType.Mx, DnsTransport.Tcp) >= 1);
    }

    [Fact]
    public async Task An_mx_pointing_at_a_cname_is_followed()
    {
        var result = await fixture.Client.GetJsonAsync("/v1/verify?email=alice@alias.dns.test&refresh=true");

        Assert.Equal("accepted", result.Str("reason"));
    }

    [Fact]
    public async Task Of_100_mx_records_only_the_first_few_are_resolved_and_tried()
    {
        var result = await fixture.Client.GetJsonAsync("/v1/verify?email=someone@many.dns.test&refresh=true");

        Assert.Equal("unknown", result.Str("verdict"));
        Assert.Equal("smtp_unavailable", result.Str("reason"));
        Assert.Equal(3, fixture.Busy.ConnectionCount); // Verifier:Smtp:MaxHostsToTry
        var resolved = Enumerable.Range(0, 100).Count(i => fixture.World.Dns.QueryCount($"mx{i}.many.dns.test", DnsRecordType.A) > 0);
        Assert.InRange(resolved, 3, 5); // Verifier:Dns:MaxMailExchangers
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private WebApplicationFactory<Program> _app = null!;

        public SecurityWorld World { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public ScriptedSmtpPeer Busy { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await World.InitializeAsync();
            var dns = World.Dns;
            dns.ServFail("servfail.dns.test");
            dns.NoResponse("timeout.dns.test");
            dns.Cname("loop.dns.test", "loop2.dns.test").Cname("loop2.dns.test", "loop.dns.test");
            dns.Mx("truncated.dns.test", 10, "mx.truncated.dns.test").A("mx.truncated.dns.test", "127.0.0.1").Truncate("truncated.dns.test", DnsRecordType.Mx);
            dns.Mx("alias.dns.test", 10, "mail.alias.dns.test").Cname("mail.alias.dns.test", "real.alias.dns.test").A("real.alias.dns.test", "127.0.0.1");
            World.Smtp.ReplyToLocalPart("alice", 250, "2.1.5 Ok");

            Busy = World.Peer(System.Net.IPAddress.Parse("127.0.0.40"), ScriptedSmtpPeer.Banner(421, "4.3.2 Service not available"));
            for (var i = 0; i < 100; i++)
            {
                dns.Mx("many.dns.test", 10, $"mx{i}.many.dns.test").A($"mx{i}.many.dns.test", "127.0.0.40");
            }

            _app = SecurityWorld.App(World.Settings(new Dictionary<string, string?>
            {
                // Long enough that a busy test machine still answers the honest queries; the silent one costs 2 s.
                ["Verifier:Dns:Timeout"] = "00:00:02",
                ["Verifier:Dns:Retries"] = "0",
            }));
            Client = _app.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
            await World.DisposeAsync();
        }
    }
}
