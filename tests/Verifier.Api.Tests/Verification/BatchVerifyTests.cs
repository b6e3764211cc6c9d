using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Verification;

/// <summary><c>POST /v1/verify/batch</c> against the loopback world: order, duplicates, politeness.</summary>
public sealed class BatchVerifyTests(MailWorld world) : IClassFixture<MailWorld>
{
    /// <summary>The default of Verifier:Smtp:MaxRecipientsPerSession, which the world leaves as it is.</summary>
    private static readonly int MaxRecipientsPerSession = new Verifier.Core.Smtp.SmtpOptions().MaxRecipientsPerSession;

    [Fact]
    public async Task Results_come_back_in_input_order_and_duplicates_are_verified_once()
    {
        string[] emails = ["bob@ok.test", "not-an-address", "alice@ok.test", "Alice@OK.test", "someone@missing.test", "alice@ok.test", ""];

        var body = await world.Client.PostJsonAsync("/v1/verify/batch", new { emails, refresh = true });

        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(emails.Length, body.GetProperty("count").GetInt32());
        Assert.Equal(emails, results.Select(r => r.GetProperty("email").GetString()));
        Assert.Equal(
            ["mailbox_not_found", "invalid_syntax", "accepted", "accepted", "no_such_domain", "accepted", "invalid_syntax"],
            results.Select(r => r.GetProperty("reason").GetString()));
        Assert.Equal(3, body.GetProperty("counts").GetProperty("deliverable").GetInt32());
        Assert.Equal(4, body.GetProperty("counts").GetProperty("undeliverable").GetInt32());
    }

    [Fact]
    public async Task Three_hundred_addresses_over_three_domains_use_as_few_sessions_as_the_recipient_cap_allows_and_one_catch_all_probe_per_domain()
    {
        string[] domains = ["b1.test", "b2.test", "b3.test"];
        foreach (var domain in domains)
        {
            world.Dns.Mx(domain, 10, "mx." + domain).A("mx." + domain, "127.0.0.1");
        }

        var emails = Enumerable.Range(0, 300).Select(i => $"user{i}@{domains[i % 3]}").ToArray();
        var before = world.Smtp.Sessions.Count;

        var body = await world.Client.PostJsonAsync("/v1/verify/batch", new { emails, refresh = true });

        Assert.Equal(300, body.GetProperty("count").GetInt32());
        var sessions = world.Smtp.Sessions.Skip(before).ToList();
        foreach (var domain in domains)
        {
            var ofDomain = sessions.Where(s => s.Recipients.Any(r => r.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))).ToList();
            var recipients = ofDomain.SelectMany(s => s.Recipients).Where(r => r.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.Equal(101, recipients.Count); // 100 addresses and one random catch-all recipient

            // As few sessions as the per-session recipient cap allows, none of them over it.
            Assert.All(ofDomain, session => Assert.InRange(session.Recipients.Count, 1, MaxRecipientsPerSession));
            Assert.Equal((101 + MaxRecipientsPerSession - 1) / MaxRecipientsPerSession, ofDomain.Count);
            Assert.Equal(101, recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        Assert.DoesNotContain(sessions.SelectMany(s => s.Commands), c => c.StartsWith("DATA", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("{}", "emails")]
    [InlineData("{\"emails\": []}", "emails")]
    [InlineData("{\"emails\": [null]}", "emails[0]")]
    public async Task Invalid_batches_are_validation_problems(string json, string field)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await world.Client.PostAsync(new Uri("/v1/verify/batch", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:verifier:problem:validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task More_than_the_limit_is_refused_with_a_pointer_to_jobs()
    {
        var emails = Enumerable.Range(0, 1001).Select(i => $"u{i}@ok.test").ToArray();

        using var response = await world.Client.PostAsJsonAsync(new Uri("/v1/verify/batch", UriKind.Relative), new { emails });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/v1/jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
