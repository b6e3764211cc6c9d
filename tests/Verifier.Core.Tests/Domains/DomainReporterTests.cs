using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Caching;
using Verifier.Core.Dns;
using Verifier.Core.Domains;
using Verifier.Core.Smtp;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Domains;

/// <summary>The whole report against DNS on loopback; the SMTP prober is a stand-in that records what it was asked.</summary>
public sealed class DomainReporterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();
    private readonly RecordingProber _prober = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly DomainFactsCache _facts = new(
        new LayeredCache(Options.Create(new CacheOptions()), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<LayeredCache>.Instance),
        Options.Create(new CacheOptions()));

    public Task InitializeAsync()
    {
        _dns.Mx("example.test", 10, "mx1.example.test")
            .Mx("example.test", 20, "mx2.example.test")
            .A("mx1.example.test", "127.0.0.2")
            .A("mx2.example.test", "127.0.0.3")
            .Txt("example.test", "v=spf1 include:_spf.provider.test mx ~all")
            .Txt("_spf.provider.test", "v=spf1 ip4:192.0.2.0/24 -all")
            .Txt("_dmarc.example.test", "v=DMARC1; p=none")
            .Txt("s1._domainkey.example.test", $"v=DKIM1; k=rsa; p={PublicKey()}")
            .A("2.0.0.127.bl.test", "127.0.0.2")
            .Txt("2.0.0.127.bl.test", "Listed for sending spam");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Fact]
    public async Task The_report_covers_routing_and_every_sender_check()
    {
        var report = await Report(new DomainReportRequest("example.test", DkimSelector: "s1"));

        Assert.Equal("example.test", report.Domain);
        Assert.Equal(DomainStatus.Resolved, report.DnsStatus);
        Assert.Equal(["mx1.example.test", "mx2.example.test"], report.Mx.Select(m => m.Host));
        Assert.Equal([10, 20], report.Mx.Select(m => m.Preference));
        Assert.Equal(["127.0.0.2"], report.Mx[0].Addresses);
        Assert.False(report.NullMx);

        Assert.True(report.Spf.Found);
        Assert.Equal("~all", report.Spf.All);
        Assert.Equal(2, report.Spf.DnsLookups);
        Assert.Empty(report.Spf.Problems);

        Assert.True(report.Dmarc.Found);
        Assert.Equal("_dmarc.example.test", report.Dmarc.Name);
        Assert.Equal(DmarcPolicy.None, report.Dmarc.EffectivePolicy);
        Assert.Equal([DmarcParser.NoAggregateReports, DmarcParser.PolicyNone], report.Dmarc.Problems.Select(p => p.Code).Order(StringComparer.Ordinal));

        Assert.True(report.Dkim.Checked && report.Dkim.Found && report.Dkim.Valid);
        Assert.Equal(2048, report.Dkim.KeyBits);

        Assert.True(report.Blocklists.Listed);
        var listed = Assert.Single(report.Blocklists.Results, r => r.Status == BlocklistStatus.Listed);
        Assert.Equal(("mx1.example.test", "Listed for sending spam"), (listed.Host, listed.Reason));

        Assert.Null(report.CatchAll.Value);
        Assert.Equal(CatchAllSource.Unknown, report.CatchAll.Source);
        Assert.Contains("probe=true", report.CatchAll.Note, StringComparison.Ordinal);
        Assert.Empty(_prober.Requests);
        Assert.Equal(Now, report.CheckedAt);
    }

    [Fact]
    public async Task Catch_all_comes_from_the_cache_when_known()
    {
        await _facts.SetFactsAsync("example.test", new DomainFacts(true, "mx1.example.test", Now.AddHours(-1)), CancellationToken.None);

        var report = await Report(new DomainReportRequest("example.test", Probe: true));

        Assert.Equal((true, CatchAllSource.Cache, "mx1.example.test"), (report.CatchAll.Value, report.CatchAll.Source, report.CatchAll.Host));
        Assert.Empty(_prober.Requests);
    }

    [Fact]
    public async Task A_probe_when_asked_finds_catch_all_and_keeps_it_for_the_domain()
    {
        _prober.CatchAllReply = new SmtpReply(250, "2.1.5", "Ok");

        var report = await Report(new DomainReportRequest("example.test", Probe: true));

        Assert.Equal((true, CatchAllSource.Probe), (report.CatchAll.Value, report.CatchAll.Source));
        var request = Assert.Single(_prober.Requests);
        Assert.True(request.DetectCatchAll);
        Assert.Empty(request.Recipients);
        Assert.Equal(["mx1.example.test", "mx2.example.test"], request.MailExchangers.Select(m => m.Host));

        var stored = await _facts.GetFactsAsync("example.test", CancellationToken.None);
        Assert.Equal((true, "mx1.example.test", Now), (stored!.CatchAll, stored.Host, stored.ObservedAt));
    }

    [Fact]
    public async Task A_probe_rejecting_the_random_recipient_is_not_catch_all()
    {
        _prober.CatchAllReply = new SmtpReply(550, "5.1.1", "User unknown");

        var report = await Report(new DomainReportRequest("example.test", Probe: true));

        Assert.Equal((false, CatchAllSource.Probe), (report.CatchAll.Value, report.CatchAll.Source));
    }

    [Fact]
    public async Task An_inconclusive_probe_stores_nothing()
    {
        _prober.CatchAllReply = new SmtpReply(450, "4.2.0", "Greylisted");

        var report = await Report(new DomainReportRequest("example.test", Probe: true));

        Assert.Null(report.CatchAll.Value);
        Assert.Contains("450 4.2.0 Greylisted", report.CatchAll.Note, StringComparison.Ordinal);
        Assert.Null(await _facts.GetFactsAsync("example.test", CancellationToken.None));
    }

    [Fact]
    public async Task Dmarc_falls_back_to_the_organisational_domain_and_its_subdomain_policy()
    {
        _dns.Mx("mail.example.test", 10, "mx1.example.test")
            .Remove("_dmarc.example.test")
            .Txt("_dmarc.example.test", "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.test");

        var report = await Report(new DomainReportRequest("mail.example.test"));

        Assert.True(report.Dmarc.Found);
        Assert.True(report.Dmarc.OrganizationalDomain);
        Assert.Equal("_dmarc.example.test", report.Dmarc.Name);
        Assert.Equal((DmarcPolicy.Reject, DmarcPolicy.Quarantine), (report.Dmarc.Policy!.Value, report.Dmarc.EffectivePolicy!.Value));
        Assert.Equal(DmarcReport.FromOrganizationalDomain, Assert.Single(report.Dmarc.Problems).Code);
        Assert.Equal(SpfEvaluator.Missing, Assert.Single(report.Spf.Problems).Code);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_has_no_mail_server_and_no_authentication()
    {
        var report = await Report(new DomainReportRequest("nowhere.test", Probe: true));

        Assert.Equal(DomainStatus.NoSuchDomain, report.DnsStatus);
        Assert.Empty(report.Mx);
        Assert.Contains("no_such_domain", report.CatchAll.Note, StringComparison.Ordinal);
        Assert.Equal((SpfEvaluator.Missing, "550 5.7.26"), (report.Spf.Problems[0].Code, report.Spf.Problems[0].LikelySmtp));
        Assert.Equal((DmarcReport.Missing, "550 5.7.26"), (report.Dmarc.Problems[0].Code, report.Dmarc.Problems[0].LikelySmtp));
        Assert.Empty(report.Blocklists.Results);
        Assert.Empty(_prober.Requests);
    }

    [Fact]
    public async Task A_null_mx_is_reported()
    {
        _dns.NullMx("nullmx.test").Txt("nullmx.test", "v=spf1 -all").Txt("_dmarc.nullmx.test", "v=DMARC1; p=reject; rua=mailto:d@nullmx.test");

        var report = await Report(new DomainReportRequest("nullmx.test"));

        Assert.True(report.NullMx);
        Assert.Equal(DomainStatus.NullMx, report.DnsStatus);
        Assert.Empty(report.Spf.Problems);
        Assert.Empty(report.Dmarc.Problems);
    }

    [Fact]
    public async Task Two_dmarc_records_are_none()
    {
        _dns.Remove("_dmarc.example.test")
            .Txt("_dmarc.example.test", "v=DMARC1; p=reject; rua=mailto:a@example.test")
            .Txt("_dmarc.example.test", "v=DMARC1; p=none; rua=mailto:a@example.test");

        var report = await Report(new DomainReportRequest("example.test"));

        Assert.False(report.Dmarc.Found);
        Assert.Equal(DmarcReport.MultipleRecords, Assert.Single(report.Dmarc.Problems).Code);
    }

    [Fact]
    public async Task A_selector_without_a_key_is_not_found()
    {
        var report = await Report(new DomainReportRequest("example.test", DkimSelector: "missing"));

        Assert.Equal("missing._domainkey.example.test", report.Dkim.Name);
        Assert.False(report.Dkim.Found);
        Assert.Equal(DkimCheck.NotFound, Assert.Single(report.Dkim.Problems).Code);
    }

    private async Task<DomainReport> Report(DomainReportRequest request)
    {
        var dnsOptions = new DnsOptions { Servers = [_dns.EndPoint.ToString()], Timeout = TimeSpan.FromSeconds(5), Retries = 0 };
        var client = LookupClientFactory.Create(dnsOptions);
        var lookup = new DnsRecordLookup(client);
        var resolver = new MailDomainResolver(client, Options.Create(dnsOptions), NullLogger<MailDomainResolver>.Instance);
        var blocklists = new BlocklistChecker(lookup, Options.Create(new BlocklistOptions { Zones = ["bl.test"] }), TimeProvider.System);
        var reporter = new DomainReporter(resolver, _facts, _prober, lookup, new SpfEvaluator(lookup), blocklists, _time);
        return await reporter.ReportAsync(request, CancellationToken.None);
    }

    private static string PublicKey()
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    private sealed class RecordingProber : IMailboxProber
    {
        public List<MailboxProbeRequest> Requests { get; } = [];

        public SmtpReply? CatchAllReply { get; set; }

        public Task<MailboxProbeResult> ProbeAsync(MailboxProbeRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var outcome = CatchAllReply is null ? ProbeOutcome.ConnectFailed : ProbeOutcome.Completed;
            return Task.FromResult(new MailboxProbeResult(
                outcome, request.MailExchangers[0].Host, new Dictionary<string, SmtpReply>(), CatchAllReply, null, null, TimeSpan.FromMilliseconds(5)));
        }
    }
}
