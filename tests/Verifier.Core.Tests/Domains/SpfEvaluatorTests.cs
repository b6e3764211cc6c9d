using Verifier.Core.Domains;

namespace Verifier.Core.Tests.Domains;

/// <summary>SPF lookups counted through include: and redirect= over an in-memory DNS: RFC 7208 §4.6.4, §5.2, §6.1.</summary>
public sealed class SpfEvaluatorTests
{
    private readonly FakeDns _dns = new();

    [Fact]
    public async Task A_good_record_has_no_problems_and_counts_its_includes()
    {
        _dns.Txt("example.test", "google-site-verification=abc", "v=spf1 include:_spf.provider.test mx -all")
            .Txt("_spf.provider.test", "v=spf1 ip4:192.0.2.0/24 include:_netblocks.provider.test ~all")
            .Txt("_netblocks.provider.test", "v=spf1 ip4:198.51.100.0/24 ?all");

        var report = await Evaluate("example.test");

        Assert.True(report.Found);
        Assert.Equal("v=spf1 include:_spf.provider.test mx -all", report.Record);
        Assert.Equal("-all", report.All);
        Assert.Equal(3, report.DnsLookups);
        Assert.Empty(report.Problems);
        Assert.Equal(["_spf.provider.test", "_netblocks.provider.test"], report.References.Select(r => r.Domain));
        Assert.Equal([1, 2], report.References.Select(r => r.Depth));
    }

    [Fact]
    public async Task More_than_ten_lookups_through_an_include_chain_is_a_permerror()
    {
        // example.test → chain1 → … → chain11: 11 includes, plus an 'a' at each of the last two levels.
        _dns.Txt("example.test", "v=spf1 include:chain1.test -all");
        for (var i = 1; i <= 10; i++)
        {
            var extra = i >= 9 ? " a" : "";
            _dns.Txt($"chain{i}.test", $"v=spf1 include:chain{i + 1}.test{extra} ~all");
        }

        _dns.Txt("chain11.test", "v=spf1 ip4:192.0.2.1 -all");

        var report = await Evaluate("example.test");

        Assert.Equal(13, report.DnsLookups);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(SpfEvaluator.TooManyLookups, problem.Code);
        Assert.Equal(SenderProblemSeverity.Error, problem.Severity);
        Assert.Equal("550 5.7.24", problem.LikelySmtp);
        Assert.Contains("13 DNS lookups", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_lookups_are_allowed()
    {
        _dns.Txt("example.test", "v=spf1 a mx include:one.test include:two.test exists:%{i}.x.example.test -all")
            .Txt("one.test", "v=spf1 a mx ptr -all")
            .Txt("two.test", "v=spf1 mx a -all");

        var report = await Evaluate("example.test");

        Assert.Equal(10, report.DnsLookups);
        Assert.DoesNotContain(report.Problems, p => p.Code == SpfEvaluator.TooManyLookups);
        Assert.Contains(report.Problems, p => p.Code == SpfParser.PtrUsed && p.Message.StartsWith("In one.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_include_loop_is_reported_and_not_followed_forever()
    {
        _dns.Txt("example.test", "v=spf1 include:a.test -all")
            .Txt("a.test", "v=spf1 include:b.test ~all")
            .Txt("b.test", "v=spf1 include:a.test ~all");

        var report = await Evaluate("example.test");

        Assert.Contains(report.Problems, p => p.Code == SpfEvaluator.IncludeLoop && p.Message.Contains("b.test", StringComparison.Ordinal));
        Assert.Equal(3, report.DnsLookups);
        Assert.Equal(3, _dns.Queries.Count);
    }

    [Fact]
    public async Task A_domain_that_includes_itself_is_a_loop()
    {
        _dns.Txt("example.test", "v=spf1 include:example.test -all");

        var report = await Evaluate("example.test");

        Assert.Equal(SpfEvaluator.IncludeLoop, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public async Task A_hostile_fan_out_stops_at_the_fetch_cap()
    {
        // Every record includes two new names: without a cap this is 2^depth fetches.
        for (var i = 1; i < 200; i++)
        {
            _dns.Txt($"n{i}.test", $"v=spf1 include:n{2 * i}.test include:n{(2 * i) + 1}.test -all");
        }

        var report = await Evaluate("n1.test");

        Assert.True(_dns.Queries.Count <= SpfEvaluator.MaxFetches);
        Assert.Contains(report.Problems, p => p.Code == SpfEvaluator.TooManyLookups && p.Message.Contains("at least", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_include_twice_is_counted_twice_and_fetched_once()
    {
        _dns.Txt("example.test", "v=spf1 include:a.test include:b.test -all")
            .Txt("a.test", "v=spf1 include:common.test -all")
            .Txt("b.test", "v=spf1 include:common.test -all")
            .Txt("common.test", "v=spf1 mx -all");

        var report = await Evaluate("example.test");

        Assert.Equal(6, report.DnsLookups);
        Assert.Empty(report.Problems);
        Assert.Single(_dns.Queries, q => q == "common.test");
    }

    [Fact]
    public async Task A_missing_record_is_reported_with_the_bulk_sender_rejection()
    {
        _dns.Txt("example.test", "some-verification=xyz");

        var report = await Evaluate("example.test");

        Assert.False(report.Found);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((SpfEvaluator.Missing, "550 5.7.26"), (problem.Code, problem.LikelySmtp));
    }

    [Fact]
    public async Task Two_records_are_a_permerror()
    {
        _dns.Txt("example.test", "v=spf1 -all", "v=spf1 include:other.test ~all");

        var report = await Evaluate("example.test");

        Assert.False(report.Found);
        Assert.Equal(2, report.Records.Count);
        Assert.Equal((SpfEvaluator.MultipleRecords, "550 5.7.24"), (report.Problems[0].Code, report.Problems[0].LikelySmtp));
    }

    [Fact]
    public async Task An_include_without_spf_is_a_permerror()
    {
        _dns.Txt("example.test", "v=spf1 include:gone.test -all");

        var report = await Evaluate("example.test");

        Assert.Equal(SpfEvaluator.IncludeNotFound, Assert.Single(report.Problems).Code);
        Assert.Equal(1, report.DnsLookups);
    }

    [Fact]
    public async Task A_redirect_takes_the_policy_and_its_problems_of_the_target()
    {
        _dns.Txt("example.test", "v=spf1 redirect=_spf.example.test")
            .Txt("_spf.example.test", "v=spf1 ip4:192.0.2.1 ?all");

        var report = await Evaluate("example.test");

        Assert.Equal("?all", report.All);
        Assert.Equal(1, report.DnsLookups);
        Assert.Equal(SpfParser.NeutralAll, Assert.Single(report.Problems).Code);
        Assert.Equal("redirect", Assert.Single(report.References).Via);
    }

    [Fact]
    public async Task A_redirect_to_nothing_is_a_permerror()
    {
        _dns.Txt("example.test", "v=spf1 redirect=nothing.test");

        var report = await Evaluate("example.test");

        Assert.Equal(SpfEvaluator.RedirectNotFound, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public async Task Include_all_policies_do_not_count_but_their_syntax_errors_do()
    {
        _dns.Txt("example.test", "v=spf1 include:a.test -all")
            .Txt("a.test", "v=spf1 ip4:192.0.2.999");

        var report = await Evaluate("example.test");

        var problem = Assert.Single(report.Problems);
        Assert.Equal(SpfParser.BadIp4, problem.Code);
        Assert.StartsWith("In a.test (include: of example.test)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Including_a_pass_all_record_lets_anyone_send()
    {
        _dns.Txt("example.test", "v=spf1 include:open.test -all")
            .Txt("open.test", "v=spf1 +all");

        var report = await Evaluate("example.test");

        Assert.Equal(SpfEvaluator.IncludePassAll, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public async Task Includes_with_macros_are_counted_but_not_followed()
    {
        _dns.Txt("example.test", "v=spf1 include:%{d}.spf.provider.test -all");

        var report = await Evaluate("example.test");

        Assert.Equal(1, report.DnsLookups);
        Assert.Empty(report.References);
        Assert.Equal(["example.test"], _dns.Queries);
    }

    [Fact]
    public async Task A_dns_failure_is_a_temporary_error_not_a_missing_record()
    {
        _dns.ServFail("example.test");

        var report = await Evaluate("example.test");

        var problem = Assert.Single(report.Problems);
        Assert.Equal((SpfEvaluator.DnsError, SenderProblemSeverity.Warning), (problem.Code, problem.Severity));
    }

    private Task<SpfReport> Evaluate(string domain) => new SpfEvaluator(_dns).EvaluateAsync(domain, CancellationToken.None);
}
