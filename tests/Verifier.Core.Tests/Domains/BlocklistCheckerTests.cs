using System.Net;
using Microsoft.Extensions.Options;
using Verifier.Core.Dns;
using Verifier.Core.Domains;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Domains;

/// <summary>DNS blocklist lookups (RFC 5782) against a blocklist zone served on loopback.</summary>
public sealed class BlocklistCheckerTests : IAsyncLifetime
{
    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();

    public Task InitializeAsync()
    {
        // 127.0.0.2 is the test entry every DNSBL lists (RFC 5782 §5).
        _dns.A("2.0.0.127.bl.test", "127.0.0.2")
            .A("2.0.0.127.bl.test", "127.0.0.4")
            .Txt("2.0.0.127.bl.test", "Listed: see https://bl.test/query/127.0.0.2")
            .A("2.0.0.127.refusing.test", "127.255.255.254")
            .A("2.0.0.127.hijacked.test", "198.51.100.7")
            .A(BlocklistChecker.QueryName(IPAddress.IPv6Loopback, "bl.test"), "127.0.0.3")
            .NoResponse("2.0.0.127.slow.test");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Theory]
    [InlineData("192.0.2.1", "bl.test", "1.2.0.192.bl.test")]
    [InlineData("127.0.0.2", "zen.spamhaus.org", "2.0.0.127.zen.spamhaus.org")]
    [InlineData("::ffff:192.0.2.1", "bl.test", "1.2.0.192.bl.test")]
    [InlineData("2001:db8::1", "bl.test", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test")]
    public void Addresses_are_reversed_under_the_zone(string address, string zone, string expected)
    {
        Assert.Equal(expected, BlocklistChecker.QueryName(IPAddress.Parse(address), zone));
    }

    public static TheoryData<DnsLookupOutcome, string[], BlocklistStatus> Answers => new()
    {
        { DnsLookupOutcome.NoSuchDomain, [], BlocklistStatus.NotListed },
        { DnsLookupOutcome.NoData, [], BlocklistStatus.NotListed },
        { DnsLookupOutcome.Answer, ["127.0.0.2"], BlocklistStatus.Listed },
        { DnsLookupOutcome.Answer, ["127.0.0.10", "127.0.0.4"], BlocklistStatus.Listed },
        { DnsLookupOutcome.Answer, ["127.255.255.254"], BlocklistStatus.QueryRefused },
        { DnsLookupOutcome.Answer, ["127.255.255.252"], BlocklistStatus.QueryRefused },
        { DnsLookupOutcome.Answer, ["127.255.255.255"], BlocklistStatus.QueryRefused },
        { DnsLookupOutcome.Answer, ["198.51.100.7"], BlocklistStatus.Error },
        { DnsLookupOutcome.ServerFailure, [], BlocklistStatus.Error },
        { DnsLookupOutcome.Timeout, [], BlocklistStatus.Error },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Answers_are_read_as_rfc_5782_and_spamhaus_say(DnsLookupOutcome status, string[] addresses, BlocklistStatus expected)
    {
        var answer = new DnsAnswer<IPAddress>(status, [.. addresses.Select(IPAddress.Parse)]);

        Assert.Equal(expected, BlocklistChecker.Interpret(answer));
    }

    [Fact]
    public async Task A_listed_address_is_reported_with_its_codes_and_reason()
    {
        var report = await Check(["bl.test"], ("mx.example.test", "127.0.0.2"), ("mx2.example.test", "127.0.0.1"));

        Assert.True(report.Listed);
        Assert.Equal(["bl.test"], report.Zones);
        var listed = Assert.Single(report.Results, r => r.Status == BlocklistStatus.Listed);
        Assert.Equal(("mx.example.test", "127.0.0.2", "2.0.0.127.bl.test"), (listed.Host, listed.Address, listed.Query));
        Assert.Equal(["127.0.0.2", "127.0.0.4"], listed.ReturnCodes.Order(StringComparer.Ordinal));
        Assert.Equal("Listed: see https://bl.test/query/127.0.0.2", listed.Reason);
        Assert.Equal(BlocklistStatus.NotListed, Assert.Single(report.Results, r => r.Address == "127.0.0.1").Status);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((BlocklistChecker.Blocklisted, "554 5.7.1"), (problem.Code, problem.LikelySmtp));
        Assert.Contains("https://bl.test/query/127.0.0.2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6_addresses_are_looked_up_as_nibbles()
    {
        var report = await Check(["bl.test"], ("mx.example.test", "::1"));

        Assert.Equal(BlocklistStatus.Listed, Assert.Single(report.Results).Status);
    }

    [Fact]
    public async Task A_refused_query_is_not_a_listing()
    {
        var report = await Check(["refusing.test"], ("mx.example.test", "127.0.0.2"));

        Assert.False(report.Listed);
        Assert.Equal(BlocklistStatus.QueryRefused, Assert.Single(report.Results).Status);
        Assert.Equal(BlocklistChecker.QueryRefusedCode, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public async Task An_answer_outside_127_is_not_a_listing()
    {
        var report = await Check(["hijacked.test"], ("mx.example.test", "127.0.0.2"));

        Assert.False(report.Listed);
        Assert.Equal(BlocklistStatus.Error, Assert.Single(report.Results).Status);
    }

    [Fact]
    public async Task A_silent_blocklist_times_out_as_unusable_not_as_a_listing()
    {
        var started = TimeProvider.System.GetTimestamp();

        var report = await Check(["slow.test"], [("mx.example.test", "127.0.0.2")], o => o.Timeout = TimeSpan.FromMilliseconds(300));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(4), "the per-lookup time-out, not the DNS client's 5 s, ends the lookup");
        Assert.False(report.Listed);
        var slow = Assert.Single(report.Results);
        Assert.Equal(BlocklistStatus.Error, slow.Status);
        Assert.Contains("no answer", slow.Error, StringComparison.Ordinal);
        Assert.Equal(BlocklistChecker.Unavailable, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public async Task Every_address_is_checked_on_every_zone_with_bounded_concurrency()
    {
        var addresses = Enumerable.Range(1, 12).Select(i => ($"mx{i}.example.test", $"127.0.1.{i}")).ToArray();

        var report = await Check(["bl.test", "refusing.test"], addresses, o => { o.MaxConcurrency = 2; o.MaxAddresses = 5; });

        Assert.Equal(10, report.Results.Count);
        Assert.All(report.Results, r => Assert.Equal(BlocklistStatus.NotListed, r.Status));
        Assert.Equal(["127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4", "127.0.1.5"], report.Results.Select(r => r.Address).Distinct());
    }

    [Fact]
    public async Task Without_zones_nothing_is_asked()
    {
        var report = await Check([], ("mx.example.test", "127.0.0.2"));

        Assert.Empty(report.Results);
        Assert.Equal(BlocklistChecker.NoZones, Assert.Single(report.Problems).Code);
        Assert.Equal(0, _dns.TotalQueryCount);
    }

    private Task<BlocklistReport> Check(string[] zones, params (string Host, string Address)[] addresses) =>
        Check(zones, addresses, _ => { });

    private async Task<BlocklistReport> Check(string[] zones, (string Host, string Address)[] addresses, Action<BlocklistOptions> configure)
    {
        var options = new BlocklistOptions { Zones = [.. zones], Timeout = TimeSpan.FromSeconds(3) };
        configure(options);
        var lookup = LookupClientFactory.Create(new DnsOptions { Servers = [_dns.EndPoint.ToString()], Timeout = TimeSpan.FromSeconds(5), Retries = 0 });
        var checker = new BlocklistChecker(new DnsRecordLookup(lookup), Options.Create(options), TimeProvider.System);
        return await checker.CheckAsync([.. addresses.Select(a => (a.Host, IPAddress.Parse(a.Address)))], CancellationToken.None);
    }
}
