using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verifier.Core.Dns;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Dns;

public sealed class MailDomainResolverTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Fact]
    public async Task Mx_records_come_in_preference_order_with_their_addresses()
    {
        _dns.Mx("example.test", 30, "mx3.example.test")
            .Mx("example.test", 10, "mx1.example.test")
            .Mx("example.test", 20, "mx2.example.test")
            .A("mx1.example.test", "127.0.0.1")
            .Aaaa("mx1.example.test", "::1")
            .A("mx2.example.test", "127.0.0.2")
            .A("mx3.example.test", "127.0.0.3");

        var info = await Resolve("example.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.False(info.ImplicitMx);
        Assert.False(info.NullMx);
        Assert.Null(info.Error);
        Assert.Equal(["mx1.example.test", "mx2.example.test", "mx3.example.test"], info.MailExchangers.Select(m => m.Host));
        Assert.Equal([10, 20, 30], info.MailExchangers.Select(m => m.Preference));
        Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback], info.MailExchangers[0].Addresses);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], info.MailExchangers[1].Addresses);
        Assert.Equal([IPAddress.Parse("127.0.0.3")], info.MailExchangers[2].Addresses);
    }

    [Fact]
    public async Task Equal_preferences_keep_the_order_the_server_gave()
    {
        _dns.Mx("example.test", 10, "b.example.test")
            .Mx("example.test", 5, "first.example.test")
            .Mx("example.test", 10, "a.example.test")
            .Mx("example.test", 10, "c.example.test");

        var info = await Resolve("example.test");

        Assert.Equal(
            ["first.example.test", "b.example.test", "a.example.test", "c.example.test"],
            info.MailExchangers.Select(m => m.Host));
    }

    [Fact]
    public async Task A_record_without_mx_is_an_implicit_mx()
    {
        _dns.A("example.test", "127.0.0.9");

        var info = await Resolve("example.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.True(info.ImplicitMx);
        var exchanger = Assert.Single(info.MailExchangers);
        Assert.Equal("example.test", exchanger.Host);
        Assert.Equal(0, exchanger.Preference);
        Assert.Equal([IPAddress.Parse("127.0.0.9")], exchanger.Addresses);
    }

    [Fact]
    public async Task Aaaa_record_alone_is_an_implicit_mx()
    {
        _dns.Aaaa("v6only.test", "::1");

        var info = await Resolve("v6only.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.True(info.ImplicitMx);
        Assert.Equal([IPAddress.IPv6Loopback], Assert.Single(info.MailExchangers).Addresses);
    }

    [Fact]
    public async Task Single_mx_of_root_is_a_null_mx()
    {
        _dns.NullMx("nomail.test").A("nomail.test", "127.0.0.1");

        var info = await Resolve("nomail.test");

        Assert.Equal(DomainStatus.NullMx, info.Status);
        Assert.True(info.NullMx);
        Assert.False(info.ImplicitMx);
        Assert.Empty(info.MailExchangers);
        Assert.Equal(0, _dns.QueryCount("nomail.test", DnsRecordType.A));
    }

    [Fact]
    public async Task Null_mx_beside_real_hosts_is_skipped()
    {
        _dns.NullMx("mixed.test").Mx("mixed.test", 10, "mx.mixed.test").A("mx.mixed.test", "127.0.0.1");

        var info = await Resolve("mixed.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.Equal("mx.mixed.test", Assert.Single(info.MailExchangers).Host);
    }

    [Fact]
    public async Task Nxdomain_is_no_such_domain()
    {
        _dns.A("other.test", "127.0.0.1");

        var info = await Resolve("missing.test");

        Assert.Equal(DomainStatus.NoSuchDomain, info.Status);
        Assert.Empty(info.MailExchangers);
        Assert.Equal(0, _dns.QueryCount("missing.test", DnsRecordType.A));
    }

    [Fact]
    public async Task Existing_name_without_mx_or_address_is_no_mail_server()
    {
        _dns.Txt("txtonly.test", "v=spf1 -all");

        var info = await Resolve("txtonly.test");

        Assert.Equal(DomainStatus.NoMailServer, info.Status);
        Assert.Empty(info.MailExchangers);
        Assert.Null(info.Error);
        Assert.Equal(1, _dns.QueryCount("txtonly.test", DnsRecordType.A));
        Assert.Equal(1, _dns.QueryCount("txtonly.test", DnsRecordType.Aaaa));
    }

    [Fact]
    public async Task Empty_non_terminal_is_no_mail_server_not_nxdomain()
    {
        _dns.A("host.parent.test", "127.0.0.1");

        var info = await Resolve("parent.test");

        Assert.Equal(DomainStatus.NoMailServer, info.Status);
    }

    [Fact]
    public async Task Servfail_is_a_server_failure()
    {
        _dns.ServFail("broken.test");

        var info = await Resolve("broken.test");

        Assert.Equal(DomainStatus.ServerFailure, info.Status);
        Assert.Contains("SERVFAIL", info.Error, StringComparison.Ordinal);
        Assert.Empty(info.MailExchangers);
    }

    [Fact]
    public async Task Refused_is_a_server_failure()
    {
        _dns.Refused("refused.test");

        var info = await Resolve("refused.test");

        Assert.Equal(DomainStatus.ServerFailure, info.Status);
        Assert.Contains("REFUSED", info.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Servfail_on_address_lookup_after_mx_nodata_is_not_no_mail_server()
    {
        _dns.Txt("half.test", "v=spf1 -all").ServFail("half.test", DnsRecordType.A);

        var info = await Resolve("half.test");

        Assert.Equal(DomainStatus.ServerFailure, info.Status);
    }

    [Fact]
    public async Task Unanswered_query_is_a_timeout()
    {
        _dns.NoResponse("slow.test");
        var watch = Stopwatch.StartNew();

        var info = await Resolve("slow.test", o => o.Timeout = ShortTimeout);

        Assert.Equal(DomainStatus.Timeout, info.Status);
        Assert.NotNull(info.Error);
        Assert.Empty(info.MailExchangers);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Timeout_on_address_lookup_after_mx_nodata_is_a_timeout()
    {
        _dns.Txt("slow.test", "x").NoResponse("slow.test", DnsRecordType.Aaaa);

        var info = await Resolve("slow.test", o => o.Timeout = TimeSpan.FromSeconds(1));

        Assert.Equal(DomainStatus.Timeout, info.Status);
        Assert.Equal(1, _dns.QueryCount("slow.test", DnsRecordType.A));
    }

    [Fact]
    public async Task Retries_resend_an_unanswered_query()
    {
        _dns.NoResponse("slow.test");

        var info = await Resolve("slow.test", o =>
        {
            o.Timeout = ShortTimeout;
            o.Retries = 1;
        });

        Assert.Equal(DomainStatus.Timeout, info.Status);
        Assert.Equal(2, _dns.QueryCount("slow.test", DnsRecordType.Mx));
    }

    [Fact]
    public async Task Failures_use_the_failure_ttl()
    {
        _dns.ServFail("broken.test");

        var info = await Resolve("broken.test", o => o.FailureTimeToLive = TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), info.TimeToLive);
    }

    [Fact]
    public async Task Truncated_udp_answer_is_fetched_over_tcp()
    {
        _dns.Mx("big.test", 10, "mx.big.test").A("mx.big.test", "127.0.0.1").Truncate("big.test", DnsRecordType.Mx);

        var info = await Resolve("big.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.Equal("mx.big.test", Assert.Single(info.MailExchangers).Host);
        Assert.Equal(1, _dns.QueryCount("big.test", DnsRecordType.Mx, DnsTransport.Udp));
        Assert.Equal(1, _dns.QueryCount("big.test", DnsRecordType.Mx, DnsTransport.Tcp));
    }

    [Fact]
    public async Task Mx_host_that_is_a_cname_is_followed()
    {
        _dns.Mx("example.test", 10, "alias.example.test")
            .Cname("alias.example.test", "real.example.test")
            .A("real.example.test", "127.0.0.3");

        var info = await Resolve("example.test");

        var exchanger = Assert.Single(info.MailExchangers);
        Assert.Equal("alias.example.test", exchanger.Host);
        Assert.Equal([IPAddress.Parse("127.0.0.3")], exchanger.Addresses);
    }

    [Fact]
    public async Task Cname_the_server_did_not_follow_is_queried()
    {
        _dns.ChaseCnames = false;
        _dns.Mx("example.test", 10, "alias.example.test")
            .Cname("alias.example.test", "real.elsewhere.test")
            .A("real.elsewhere.test", "127.0.0.4");

        var info = await Resolve("example.test");

        Assert.Equal([IPAddress.Parse("127.0.0.4")], Assert.Single(info.MailExchangers).Addresses);
        Assert.Equal(1, _dns.QueryCount("real.elsewhere.test", DnsRecordType.A));
    }

    [Fact]
    public async Task Domain_that_is_a_cname_gets_the_targets_mx()
    {
        _dns.Cname("alias.test", "target.test").Mx("target.test", 10, "mx.target.test").A("mx.target.test", "127.0.0.5");

        var info = await Resolve("alias.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.Equal("alias.test", info.Domain);
        Assert.Equal("mx.target.test", Assert.Single(info.MailExchangers).Host);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cname_loop_on_mx_host_ends_without_addresses(bool serverChasesCnames)
    {
        _dns.ChaseCnames = serverChasesCnames;
        _dns.Mx("example.test", 10, "loop1.example.test")
            .Cname("loop1.example.test", "loop2.example.test")
            .Cname("loop2.example.test", "loop1.example.test");

        var info = await Resolve("example.test").WaitAsync(TimeSpan.FromSeconds(5));

        // The only MX host cannot be resolved: a DNS failure, not a host that does not exist.
        Assert.Equal(DomainStatus.ServerFailure, info.Status);
        Assert.Empty(Assert.Single(info.MailExchangers).Addresses);
        Assert.InRange(_dns.QueryCount("loop1.example.test"), 1, 4);
        Assert.InRange(_dns.QueryCount("loop2.example.test"), 0, 4);
    }

    [Fact]
    public async Task Cname_loop_on_the_domain_is_a_server_failure()
    {
        _dns.ChaseCnames = false;
        _dns.Cname("a.test", "b.test").Cname("b.test", "a.test");

        var info = await Resolve("a.test").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(DomainStatus.ServerFailure, info.Status);
        Assert.Contains("CNAME", info.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_first_mail_exchangers_get_addresses()
    {
        for (var i = 99; i >= 0; i--)
        {
            _dns.Mx("many.test", i, $"mx{i:00}.many.test").A($"mx{i:00}.many.test", $"127.0.1.{i}");
        }

        var info = await Resolve("many.test", o => o.MaxMailExchangers = 3);

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.Equal(100, info.MailExchangers.Count);
        Assert.Equal(Enumerable.Range(0, 100), info.MailExchangers.Select(m => m.Preference));
        Assert.Equal(["mx00.many.test", "mx01.many.test", "mx02.many.test"], info.MailExchangers.Take(3).Select(m => m.Host));
        Assert.All(info.MailExchangers.Take(3), m => Assert.Single(m.Addresses));
        Assert.All(info.MailExchangers.Skip(3), m => Assert.Empty(m.Addresses));
        Assert.Equal(1, _dns.QueryCount("mx02.many.test", DnsRecordType.A));
        Assert.Equal(0, _dns.QueryCount("mx03.many.test"));
        Assert.Equal(0, Enumerable.Range(3, 97).Sum(i => _dns.QueryCount($"mx{i:00}.many.test")));
    }

    [Fact]
    public async Task Large_mx_answer_exceeding_the_udp_size_arrives_over_tcp()
    {
        for (var i = 0; i < 100; i++)
        {
            _dns.Mx("many.test", i, $"a-rather-long-mail-exchanger-name-{i:00}.many.test");
        }

        var info = await Resolve("many.test");

        Assert.Equal(100, info.MailExchangers.Count);
        Assert.Equal(1, _dns.QueryCount("many.test", DnsRecordType.Mx, DnsTransport.Tcp));
    }

    [Fact]
    public async Task Ttl_is_the_smallest_seen()
    {
        _dns.Mx("example.test", 10, "mx1.example.test", TimeSpan.FromMinutes(30))
            .Mx("example.test", 20, "mx2.example.test", TimeSpan.FromMinutes(30))
            .A("mx1.example.test", "127.0.0.1", TimeSpan.FromMinutes(20))
            .A("mx2.example.test", "127.0.0.2", TimeSpan.FromSeconds(90));

        var info = await Resolve("example.test");

        Assert.Equal(TimeSpan.FromSeconds(90), info.TimeToLive);
    }

    [Fact]
    public async Task Ttl_is_capped()
    {
        _dns.Mx("example.test", 10, "mx.example.test", TimeSpan.FromDays(1))
            .A("mx.example.test", "127.0.0.1", TimeSpan.FromDays(1));

        var info = await Resolve("example.test", o => o.MaxTimeToLive = TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(10), info.TimeToLive);
    }

    [Fact]
    public async Task Ttl_of_a_cname_in_the_chain_counts()
    {
        _dns.Mx("example.test", 10, "alias.example.test", TimeSpan.FromHours(1))
            .Cname("alias.example.test", "real.example.test", TimeSpan.FromSeconds(45))
            .A("real.example.test", "127.0.0.3", TimeSpan.FromHours(1));

        var info = await Resolve("example.test", o => o.MaxTimeToLive = TimeSpan.FromDays(1));

        Assert.Equal(TimeSpan.FromSeconds(45), info.TimeToLive);
    }

    [Fact]
    public async Task Negative_answer_without_soa_uses_the_configured_negative_ttl()
    {
        var info = await Resolve("missing.test", o => o.NegativeTimeToLive = TimeSpan.FromSeconds(77));

        Assert.Equal(DomainStatus.NoSuchDomain, info.Status);
        Assert.Equal(TimeSpan.FromSeconds(77), info.TimeToLive);
    }

    [Fact]
    public async Task Negative_answer_with_soa_uses_the_soa_minimum()
    {
        _dns.Soa("zone.test", negativeTimeToLive: TimeSpan.FromSeconds(42), timeToLive: TimeSpan.FromHours(1))
            .Txt("nodata.zone.test", "x");

        var nxdomain = await Resolve("missing.zone.test");
        var nodata = await Resolve("nodata.zone.test");

        Assert.Equal(DomainStatus.NoSuchDomain, nxdomain.Status);
        Assert.Equal(TimeSpan.FromSeconds(42), nxdomain.TimeToLive);
        Assert.Equal(DomainStatus.NoMailServer, nodata.Status);
        Assert.Equal(TimeSpan.FromSeconds(42), nodata.TimeToLive);
    }

    [Fact]
    public async Task Negative_ttl_is_never_more_than_the_soa_records_own_ttl()
    {
        _dns.Soa("zone.test", negativeTimeToLive: TimeSpan.FromHours(1), timeToLive: TimeSpan.FromSeconds(20));

        var info = await Resolve("missing.zone.test");

        Assert.Equal(TimeSpan.FromSeconds(20), info.TimeToLive);
    }

    [Fact]
    public async Task Missing_aaaa_does_not_shorten_the_ttl_of_a_host_with_an_a_record()
    {
        _dns.Mx("example.test", 10, "mx.example.test", TimeSpan.FromMinutes(50))
            .A("mx.example.test", "127.0.0.1", TimeSpan.FromMinutes(40));

        var info = await Resolve("example.test", o => o.NegativeTimeToLive = TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromMinutes(40), info.TimeToLive);
    }

    [Fact]
    public async Task Names_are_lower_case_without_trailing_dot()
    {
        _dns.Mx("example.test", 10, "MX1.Example.TEST.").A("mx1.example.test", "127.0.0.1");

        var info = await Resolve("  Example.TEST. ");

        Assert.Equal("example.test", info.Domain);
        var exchanger = Assert.Single(info.MailExchangers);
        Assert.Equal("mx1.example.test", exchanger.Host);
        Assert.Single(exchanger.Addresses);
    }

    [Fact]
    public async Task Internationalised_domain_is_queried_by_its_a_label()
    {
        _dns.Mx("xn--bcher-kva.test", 10, "mx.xn--bcher-kva.test").A("mx.xn--bcher-kva.test", "127.0.0.1");

        var fromUnicode = await Resolve("Bücher.test");
        var fromALabel = await Resolve("xn--bcher-kva.test");

        Assert.Equal(DomainStatus.Resolved, fromUnicode.Status);
        Assert.Equal("xn--bcher-kva.test", fromUnicode.Domain);
        Assert.Equal("mx.xn--bcher-kva.test", Assert.Single(fromUnicode.MailExchangers).Host);
        Assert.Equal(fromUnicode.MailExchangers.Single().Host, fromALabel.MailExchangers.Single().Host);
        Assert.Equal(2, _dns.QueryCount("xn--bcher-kva.test", DnsRecordType.Mx));
    }

    [Fact]
    public async Task Lookup_client_does_not_cache_answers()
    {
        _dns.Mx("example.test", 10, "mx.example.test", TimeSpan.FromHours(1)).A("mx.example.test", "127.0.0.1");
        var resolver = CreateResolver();

        await resolver.ResolveAsync("example.test", CancellationToken.None);
        await resolver.ResolveAsync("example.test", CancellationToken.None);

        Assert.Equal(2, _dns.QueryCount("example.test", DnsRecordType.Mx));
    }

    [Fact]
    public async Task Mx_host_address_failure_leaves_it_without_addresses_and_shortens_the_ttl()
    {
        _dns.Mx("example.test", 10, "bad.example.test", TimeSpan.FromHours(1))
            .Mx("example.test", 20, "good.example.test", TimeSpan.FromHours(1))
            .ServFail("bad.example.test")
            .A("good.example.test", "127.0.0.2", TimeSpan.FromHours(1));

        var info = await Resolve("example.test", o => o.FailureTimeToLive = TimeSpan.FromSeconds(15));

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.Empty(info.MailExchangers[0].Addresses);
        Assert.Single(info.MailExchangers[1].Addresses);
        Assert.Equal(TimeSpan.FromSeconds(15), info.TimeToLive);
    }

    [Fact]
    public async Task Mx_hosts_that_do_not_exist_leave_the_domain_without_a_mail_server()
    {
        _dns.Mx("dangling.test", 10, "mx1.gone.test").Mx("dangling.test", 20, "mx2.gone.test");

        var info = await Resolve("dangling.test");

        Assert.Equal(DomainStatus.NoMailServer, info.Status);
        Assert.Equal(["mx1.gone.test", "mx2.gone.test"], info.MailExchangers.Select(m => m.Host));
        Assert.All(info.MailExchangers, m => Assert.Empty(m.Addresses));
        Assert.Equal("no MX host has an address: mx1.gone.test does not exist, mx2.gone.test does not exist", info.Error);
        Assert.Equal(1, _dns.QueryCount("mx2.gone.test", DnsRecordType.A));
        Assert.Equal(1, _dns.QueryCount("mx2.gone.test", DnsRecordType.Aaaa));
    }

    [Fact]
    public async Task Mx_hosts_without_address_records_leave_the_domain_without_a_mail_server()
    {
        _dns.Mx("dangling.test", 10, "mx.dangling.test").Txt("mx.dangling.test", "not a mail host");

        var info = await Resolve("dangling.test");

        Assert.Equal(DomainStatus.NoMailServer, info.Status);
        Assert.Equal("no MX host has an address: mx.dangling.test has no A/AAAA record", info.Error);
    }

    [Fact]
    public async Task One_mx_host_that_exists_is_enough()
    {
        _dns.Mx("half.test", 10, "mx.gone.test").Mx("half.test", 20, "mx.half.test").A("mx.half.test", "127.0.0.2");

        var info = await Resolve("half.test");

        Assert.Equal(DomainStatus.Resolved, info.Status);
        Assert.Empty(info.MailExchangers[0].Addresses);
        Assert.Single(info.MailExchangers[1].Addresses);
    }

    [Fact]
    public async Task A_failed_mx_host_lookup_beside_a_missing_one_is_a_server_failure()
    {
        _dns.Mx("mixed.test", 10, "mx.gone.test").Mx("mixed.test", 20, "mx.broken.test").ServFail("mx.broken.test");

        var info = await Resolve("mixed.test");

        Assert.Equal(DomainStatus.ServerFailure, info.Status);
        Assert.Contains("MX host lookup failed", info.Error, StringComparison.Ordinal);
        Assert.Contains("mx.broken.test", info.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unanswered_mx_host_lookup_is_a_timeout()
    {
        _dns.Mx("slowmx.test", 10, "mx.slowmx.test").NoResponse("mx.slowmx.test");

        var info = await Resolve("slowmx.test", o => o.Timeout = ShortTimeout);

        Assert.Equal(DomainStatus.Timeout, info.Status);
        Assert.Equal("mx.slowmx.test", Assert.Single(info.MailExchangers).Host);
    }

    [Fact]
    public async Task Mx_hosts_beyond_those_resolved_are_not_called_missing()
    {
        _dns.Mx("many.test", 10, "mx1.gone.test").Mx("many.test", 20, "mx2.gone.test").Mx("many.test", 30, "mx3.many.test")
            .A("mx3.many.test", "127.0.0.3");

        var info = await Resolve("many.test", o => o.MaxMailExchangers = 2);

        Assert.Equal(DomainStatus.Resolved, info.Status);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_timeout()
    {
        _dns.NoResponse("slow.test");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CreateResolver(o => o.Timeout = TimeSpan.FromSeconds(10)).ResolveAsync("slow.test", cancellation.Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(".")]
    public async Task Empty_domain_is_rejected(string domain)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Resolve(domain));
    }

    private Task<DomainMailInfo> Resolve(string domain, Action<DnsOptions>? configure = null) =>
        CreateResolver(configure).ResolveAsync(domain, CancellationToken.None);

    private MailDomainResolver CreateResolver(Action<DnsOptions>? configure = null)
    {
        // A generous time-out for answers (the first query of a run pays for JIT compilation);
        // tests that expect a time-out set a short one.
        var options = new DnsOptions
        {
            Servers = [_dns.EndPoint.ToString()],
            Timeout = TimeSpan.FromSeconds(5),
            Retries = 0,
        };
        configure?.Invoke(options);
        return new MailDomainResolver(
            LookupClientFactory.Create(options), Options.Create(options), NullLogger<MailDomainResolver>.Instance);
    }
}
