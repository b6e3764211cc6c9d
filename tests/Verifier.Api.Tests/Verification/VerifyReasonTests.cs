using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Verification;

/// <summary>Every reason of DESIGN.md's table, produced end to end through HTTP against real DNS and SMTP servers on loopback.</summary>
public sealed class VerifyReasonTests(MailWorld world) : IClassFixture<MailWorld>
{
    [Theory]
    [InlineData("alice@ok.test", "deliverable", "accepted", 250, "2.1.5", true)]
    [InlineData("not-an-address", "undeliverable", "invalid_syntax", 553, "5.1.3", false)]
    [InlineData("someone@missing.test", "undeliverable", "no_such_domain", 550, "5.4.4", false)]
    [InlineData("someone@nomail.test", "undeliverable", "no_mail_server", 550, "5.4.4", false)]
    [InlineData("someone@dangling.test", "undeliverable", "no_mail_server", 550, "5.4.4", false)]
    [InlineData("someone@nullmx.test", "undeliverable", "null_mx", 556, "5.1.10", false)]
    [InlineData("someone@private.test", "undeliverable", "unroutable_mx", 550, "5.4.4", false)]
    [InlineData("bob@ok.test", "undeliverable", "mailbox_not_found", 550, "5.1.1", true)]
    [InlineData("carol@ok.test", "undeliverable", "mailbox_disabled", 550, "5.2.1", true)]
    [InlineData("dave@ok.test", "risky", "mailbox_full", 552, "5.2.2", true)]
    [InlineData("anyone@catchall.test", "risky", "catch_all", 250, "2.1.5", true)]
    [InlineData("throwaway@mailinator.com", "risky", "disposable", 250, "2.1.5", true)]
    [InlineData("erin@ok.test", "unknown", "greylisted", 450, "4.2.0", true)]
    [InlineData("someone@busy.test", "unknown", "smtp_unavailable", 421, "4.3.2", true)]
    [InlineData("someone@down.test", "unknown", "smtp_unavailable", 421, "4.3.2", false)]
    [InlineData("someone@blocking.test", "unknown", "blocked", 554, "5.7.1", true)]
    [InlineData("someone@silent.test", "unknown", "timeout", 421, "4.4.2", false)]
    [InlineData("someone@servfail.test", "unknown", "dns_error", 451, "4.4.3", false)]
    [InlineData("someone@mxservfail.test", "unknown", "dns_error", 451, "4.4.3", false)]
    [InlineData("anyone@implicit.test", "risky", "catch_all", 250, "2.1.5", true)]
    public async Task Each_reason_is_produced_end_to_end(string email, string verdict, string reason, int code, string enhanced, bool observed)
    {
        var result = await world.Client.GetJsonAsync($"/v1/verify?email={Uri.EscapeDataString(email)}&refresh=true");

        Assert.Equal(reason, result.Str("reason"));
        Assert.Equal(verdict, result.Str("verdict"));
        Assert.Equal(code, result.GetProperty("likelySmtp").GetProperty("code").GetInt32());
        Assert.Equal(enhanced, result.Str("likelySmtp.enhancedCode"));
        Assert.Equal(observed, result.GetProperty("likelySmtp").GetProperty("observed").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(result.Str("likelySmtp.advice")));
    }

    /// <summary>
    /// An MX whose host name does not exist bounces every message (Postfix: 5.4.4 "Host or domain name not found"):
    /// the result says so without any SMTP attempt, and shows the host that does not exist.
    /// </summary>
    [Fact]
    public async Task A_dangling_mx_shows_its_host_and_is_not_probed()
    {
        var sessionsBefore = world.Smtp.SessionCount;

        var result = await world.Client.GetJsonAsync("/v1/verify?email=someone@dangling.test&refresh=true");

        Assert.Equal("no_mail_server", result.Str("checks.domain.status"));
        Assert.Equal("mx.gone.test", result.GetProperty("checks").GetProperty("domain").GetProperty("mx")[0].GetProperty("host").GetString());
        Assert.Equal("no MX host has an address: mx.gone.test does not exist", result.Str("checks.domain.error"));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("checks").GetProperty("smtp").ValueKind);
        Assert.Equal(sessionsBefore, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task Smtp_not_checked_when_smtp_is_off()
    {
        var sessionsBefore = world.Smtp.SessionCount;

        var result = await world.Client.GetJsonAsync("/v1/verify?email=frank@ok.test&smtp=false");

        Assert.Equal("smtp_not_checked", result.Str("reason"));
        Assert.Equal("unknown", result.Str("verdict"));
        Assert.Equal("resolved", result.Str("checks.domain.status"));
        Assert.Equal("mx.ok.test", result.GetProperty("checks").GetProperty("domain").GetProperty("mx")[0].GetProperty("host").GetString());
        Assert.Equal(sessionsBefore, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task A_full_result_carries_every_check()
    {
        var result = await world.Client.GetJsonAsync("/v1/verify?email=Alice@OK.test&refresh=true");

        Assert.Equal("Alice@OK.test", result.Str("email"));
        Assert.Equal("alice@ok.test", result.Str("normalized"));
        Assert.Equal("Alice", result.Str("checks.syntax.localPart"));
        Assert.Equal("ok.test", result.Str("checks.syntax.domain"));
        Assert.Equal("True", result.Str("checks.smtp.performed"));
        Assert.Equal("mx.ok.test", result.Str("checks.smtp.host"));
        Assert.Equal("False", result.Str("checks.smtp.catchAll"));
        Assert.Equal("False", result.Str("cached"));
        Assert.True(result.GetProperty("score").GetInt32() >= 80);
        Assert.True(DateTimeOffset.TryParse(result.Str("checkedAt"), out _));
        Assert.Equal(JsonValueKind.Object, result.GetProperty("flags").ValueKind);
    }

    [Fact]
    public async Task Invalid_syntax_names_the_error_and_its_index()
    {
        var result = await world.Client.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString("a..b@ok.test"));

        Assert.Equal("invalid_syntax", result.Str("reason"));
        Assert.Equal("False", result.Str("checks.syntax.valid"));
        Assert.Equal("consecutive_dots", result.Str("checks.syntax.error"));
        Assert.Equal(2, result.GetProperty("checks").GetProperty("syntax").GetProperty("errorIndex").GetInt32());
    }

    [Fact]
    public async Task Flags_and_typo_suggestions_join_the_result()
    {
        var typo = await world.Client.GetJsonAsync("/v1/verify?email=bob@gmial.com");
        var role = await world.Client.GetJsonAsync("/v1/verify?email=info@ok.test&smtp=false");
        var disposable = await world.Client.GetJsonAsync("/v1/verify?email=x@mailinator.com&smtp=false");

        Assert.Equal("bob@gmail.com", typo.Str("suggestion"));
        Assert.Equal("True", role.Str("flags.role"));
        Assert.Equal("True", disposable.Str("flags.disposable"));
        Assert.Equal("null", role.Str("suggestion"));
    }

    /// <summary>The address is valid RFC 5321, but no one has it at Gmail: "did you mean" must not offer it.</summary>
    [Fact]
    public async Task No_suggestion_is_an_address_the_provider_could_not_have()
    {
        var result = await world.Client.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString("=cmd|'/Ccalc'!A0@gmial.com"));

        Assert.Equal("True", result.Str("checks.syntax.valid"));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("suggestion").ValueKind);
    }

    [Fact]
    public async Task Post_gives_the_same_answer_as_get()
    {
        var posted = await world.Client.PostJsonAsync("/v1/verify", new { email = "bob@ok.test", smtp = true, timeoutMs = 5000, refresh = true });

        Assert.Equal("mailbox_not_found", posted.Str("reason"));
        Assert.Equal("550", posted.Str("checks.smtp.code"));
        Assert.Equal("5.1.1", posted.Str("checks.smtp.enhancedCode"));
    }

    [Fact]
    public async Task A_second_request_is_answered_from_the_cache_with_the_original_check_time()
    {
        var first = await world.Client.GetJsonAsync("/v1/verify?email=alice@ok.test&refresh=true");
        var sessions = world.Smtp.SessionCount;

        var second = await world.Client.GetJsonAsync("/v1/verify?email=ALICE@ok.test");

        Assert.Equal("True", second.Str("cached"));
        Assert.Equal(first.Str("checkedAt"), second.Str("checkedAt"));
        Assert.Equal("ALICE@ok.test", second.Str("email"));
        Assert.Equal(sessions, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task Catch_all_is_probed_once_per_domain()
    {
        world.Smtp.ReplyToDomain("catchall2.test", 250, "2.1.5 Ok");
        world.Dns.Mx("catchall2.test", 10, "mx.catchall2.test").A("mx.catchall2.test", "127.0.0.1");

        foreach (var name in new[] { "a", "b", "c" })
        {
            var result = await world.Client.GetJsonAsync($"/v1/verify?email={name}@catchall2.test");
            Assert.Equal("catch_all", result.Str("reason"));
        }

        var recipients = world.Smtp.Recipients.Where(r => r.EndsWith("@catchall2.test", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(4, recipients.Count); // three addresses and one random catch-all recipient
    }

    [Fact]
    public async Task When_the_budget_is_spent_the_answer_says_what_is_known_and_the_probe_finishes_in_the_background()
    {
        var quick = await world.Client.GetJsonAsync("/v1/verify?email=gina@slow.test&timeoutMs=300&refresh=true");

        Assert.Equal("smtp_not_checked", quick.Str("reason"));
        Assert.Equal("resolved", quick.Str("checks.domain.status"));
        Assert.True(quick.GetProperty("durationMs").GetInt64() < MailWorld.SlowBannerDelay.TotalMilliseconds);

        JsonElement later = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(200);
            later = await world.Client.GetJsonAsync("/v1/verify?email=gina@slow.test&timeoutMs=300");
            if (later.Str("cached") == "True")
            {
                break;
            }
        }

        Assert.Equal("True", later.Str("cached"));
        Assert.Equal("catch_all", later.Str("reason"));
    }
}
