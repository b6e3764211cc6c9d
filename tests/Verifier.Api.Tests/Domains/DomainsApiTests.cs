using System.Net;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Domains;

/// <summary><c>GET /v1/domains/{domain}</c> through HTTP, against DNS and SMTP on loopback.</summary>
public sealed class DomainsApiTests(DomainsWorld world) : IClassFixture<DomainsWorld>
{
    private readonly HttpClient _client = world.Client;

    [Fact]
    public async Task A_well_set_up_domain_reports_routing_and_passing_checks()
    {
        var report = await _client.GetJsonAsync("/v1/domains/sender.test?dkimSelector=s1");

        Assert.Equal("sender.test", report.Str("domain"));
        Assert.Equal("resolved", report.Str("dnsStatus"));
        Assert.Equal("False", report.Str("nullMx"));
        var mx = report.GetProperty("mx");
        Assert.Equal(2, mx.GetArrayLength());
        Assert.Equal(("mx1.sender.test", "10", "127.0.0.1"), (mx[0].Str("host"), mx[0].Str("preference"), mx[0].GetProperty("addresses")[0].GetString()));

        Assert.Equal("True", report.Str("spf.found"));
        Assert.Equal("-all", report.Str("spf.all"));
        Assert.Equal("1", report.Str("spf.dnsLookups"));
        Assert.Equal("10", report.Str("spf.dnsLookupLimit"));
        Assert.Equal(0, report.GetProperty("spf").GetProperty("problems").GetArrayLength());
        Assert.Equal("_spf.provider.test", report.GetProperty("spf").GetProperty("references")[0].Str("domain"));

        Assert.Equal("reject", report.Str("dmarc.policy"));
        Assert.Equal("reject", report.Str("dmarc.effectivePolicy"));
        Assert.Equal("mailto:dmarc@sender.test", report.GetProperty("dmarc").GetProperty("aggregateReportUris")[0].GetString());
        Assert.Equal(0, report.GetProperty("dmarc").GetProperty("problems").GetArrayLength());

        Assert.Equal("True", report.Str("dkim.valid"));
        Assert.Equal("2048", report.Str("dkim.keyBits"));
        Assert.Equal("s1._domainkey.sender.test", report.Str("dkim.name"));

        Assert.Equal("null", report.Str("catchAll.value"));
        Assert.Equal("unknown", report.Str("catchAll.source"));
    }

    [Fact]
    public async Task A_blocklisted_mx_address_is_reported_with_the_lists_reason()
    {
        var report = await _client.GetJsonAsync("/v1/domains/sender.test");

        var blocklists = report.GetProperty("blocklists");
        Assert.Equal("True", blocklists.Str("listed"));
        Assert.Equal(DomainsWorld.BlocklistZone, blocklists.GetProperty("zones")[0].GetString());
        var listed = blocklists.GetProperty("results").EnumerateArray().Single(r => r.Str("status") == "listed");
        Assert.Equal(("mx2.sender.test", "127.0.0.2", "2.0.0.127.bl.test"), (listed.Str("host"), listed.Str("address"), listed.Str("query")));
        Assert.Equal("Listed: https://bl.test/lookup?ip=127.0.0.2", listed.Str("reason"));
        Assert.Equal("not_listed", blocklists.GetProperty("results").EnumerateArray().Single(r => r.Str("address") == "127.0.0.1").Str("status"));

        var problem = blocklists.GetProperty("problems")[0];
        Assert.Equal(("blocklisted", "error", "554 5.7.1"), (problem.Str("code"), problem.Str("severity"), problem.Str("likelySmtp")));
    }

    [Fact]
    public async Task A_careless_domain_gets_each_problem_with_the_reply_it_causes()
    {
        var report = await _client.GetJsonAsync("/v1/domains/careless.test");

        var spf = Problems(report, "spf");
        Assert.Equal("550 5.7.24", spf["spf_too_many_lookups"].Str("likelySmtp"));
        Assert.Equal("error", spf["spf_pass_all"].Str("severity"));
        Assert.Equal("warning", spf["spf_ptr"].Str("severity"));
        Assert.Equal("19", report.Str("spf.dnsLookups"));

        var dmarc = Problems(report, "dmarc");
        Assert.Equal("warning", dmarc["dmarc_policy_none"].Str("severity"));
        Assert.True(dmarc.ContainsKey("dmarc_no_rua"));
    }

    [Fact]
    public async Task Missing_spf_and_dmarc_cause_the_bulk_sender_rejection()
    {
        var report = await _client.GetJsonAsync("/v1/domains/bare.test");

        Assert.Equal("False", report.Str("spf.found"));
        Assert.Equal("550 5.7.26", Problems(report, "spf")["spf_missing"].Str("likelySmtp"));
        Assert.Equal("False", report.Str("dmarc.found"));
        Assert.Equal("550 5.7.26", Problems(report, "dmarc")["dmarc_missing"].Str("likelySmtp"));
        Assert.Equal("False", report.Str("dkim.checked"));
        Assert.True(Problems(report, "dkim").ContainsKey("dkim_selector_needed"));
    }

    [Fact]
    public async Task A_revoked_dkim_key_is_reported()
    {
        var report = await _client.GetJsonAsync("/v1/domains/sender.test?dkimSelector=old");

        Assert.Equal("True", report.Str("dkim.revoked"));
        Assert.Equal("False", report.Str("dkim.valid"));
        Assert.True(Problems(report, "dkim").ContainsKey("dkim_revoked"));
    }

    [Fact]
    public async Task A_null_mx_domain_is_reported_as_accepting_no_mail()
    {
        var report = await _client.GetJsonAsync("/v1/domains/nullmx.test");

        Assert.Equal(("null_mx", "True"), (report.Str("dnsStatus"), report.Str("nullMx")));
        Assert.Equal(0, report.GetProperty("mx").GetArrayLength());
    }

    [Fact]
    public async Task A_probe_finds_catch_all_and_the_next_report_reads_it_from_the_cache()
    {
        var probed = await _client.GetJsonAsync("/v1/domains/catchall.test?probe=true");

        Assert.Equal(("True", "probe", "mx.catchall.test"), (probed.Str("catchAll.value"), probed.Str("catchAll.source"), probed.Str("catchAll.host")));
        var recipient = Assert.Single(world.Smtp.Recipients, r => r.EndsWith("@catchall.test", StringComparison.Ordinal));
        Assert.Single(world.Smtp.Sessions, s => s.Recipients.Contains(recipient));

        var cached = await _client.GetJsonAsync("/v1/domains/catchall.test");

        Assert.Equal(("True", "cache"), (cached.Str("catchAll.value"), cached.Str("catchAll.source")));
        Assert.Single(world.Smtp.Recipients, r => r.EndsWith("@catchall.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_probe_of_a_server_rejecting_unknown_recipients_is_not_catch_all()
    {
        var report = await _client.GetJsonAsync("/v1/domains/strict.test?probe=true");

        Assert.Equal(("False", "probe"), (report.Str("catchAll.value"), report.Str("catchAll.source")));
    }

    [Fact]
    public async Task Without_probe_no_smtp_connection_is_made()
    {
        var before = world.Smtp.SessionCount;

        var report = await _client.GetJsonAsync("/v1/domains/bare.test");

        Assert.Equal("unknown", report.Str("catchAll.source"));
        Assert.Equal(before, world.Smtp.SessionCount);
    }

    [Theory]
    [InlineData("b%C3%BCcher.test")]
    [InlineData("B%C3%9CCHER.test.")]
    [InlineData("xn--bcher-kva.test")]
    public async Task Internationalised_domains_are_answered_in_a_label_form(string path)
    {
        var report = await _client.GetJsonAsync("/v1/domains/" + path);

        Assert.Equal("xn--bcher-kva.test", report.Str("domain"));
        Assert.Equal("mx.xn--bcher-kva.test", report.GetProperty("mx")[0].Str("host"));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "/v1/domains/a..b", "domain" },
        { "/v1/domains/" + new string('a', 300), "domain" },
        { "/v1/domains/" + string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".test", "domain" },
        { "/v1/domains/example.test%0D%0AMAIL%20FROM", "domain" },
        { "/v1/domains/exa%01mple.test", "domain" },
        { "/v1/domains/exa%20mple.test", "domain" },
        { "/v1/domains/192.0.2.1", "domain" },
        { "/v1/domains/localhost", "domain" },
        { "/v1/domains/-bad.test", "domain" },
        { "/v1/domains/sender.test?dkimSelector=a%20b", "dkimSelector" },
        { "/v1/domains/sender.test?dkimSelector=..", "dkimSelector" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Malformed_input_is_a_validation_problem(string uri, string field)
    {
        using var response = await _client.GetAsync(new Uri(uri, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:verifier:problem:validation", problem.Str("type"));
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrEmpty(messages[0].GetString()));
    }

    [Fact]
    public async Task An_unparsable_probe_flag_is_a_bad_request()
    {
        using var response = await _client.GetAsync(new Uri("/v1/domains/sender.test?probe=maybe", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void A_malformed_blocklist_zone_stops_the_start()
    {
        using var app = new VerifierApplication(new Dictionary<string, string?> { ["Verifier:Blocklists:Zones:0"] = "not a zone" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Verifier:Blocklists:Zones:0", Flatten(error), StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Problems(JsonElement report, string section) =>
        report.GetProperty(section).GetProperty("problems").EnumerateArray()
            .GroupBy(p => p.Str("code"))
            .ToDictionary(g => g.Key, g => g.First());

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? "" : " | " + Flatten(error.InnerException));
}
