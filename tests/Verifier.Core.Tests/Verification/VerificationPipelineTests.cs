using Verifier.Core.Classification;
using Verifier.Core.Verification;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Verification;

/// <summary>
/// The one flow, syntax → cache → domain → mailbox → classify → result, for single addresses and lists, against
/// DNS and SMTP servers on loopback. Each test says which stages ran by what the servers saw.
/// </summary>
public sealed class VerificationPipelineTests : IAsyncLifetime
{
    private PipelineHarness world = null!;

    public async Task InitializeAsync() => world = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task An_address_passes_every_stage_and_each_check_says_what_it_found()
    {
        var result = await world.VerifyAsync("Alice@X.test");

        Assert.Equal("Alice@X.test", result.Email);
        Assert.Equal("alice@x.test", result.Normalized);
        Assert.Equal((Verdict.Deliverable, Reason.Accepted), (result.Verdict, result.Reason));
        Assert.Equal(new SyntaxCheck(true, "Alice", "x.test", null), result.Checks.Syntax);
        Assert.Equal("resolved", result.Checks.Domain!.Status);
        Assert.Equal([new MxRecord("mx1.x.test", 10)], result.Checks.Domain.Mx);
        var smtp = result.Checks.Smtp!;
        Assert.True(smtp.Performed);
        Assert.Equal(("mx1.x.test", 250, "2.1.5"), (smtp.Host, smtp.Code, smtp.EnhancedCode));
        Assert.False(smtp.CatchAll); // the random recipient was refused in the same session
        Assert.Equal((250, true), (result.LikelySmtp.Code, result.LikelySmtp.Observed));
        Assert.False(result.Cached);
        Assert.Equal(1, world.Dns.QueryCount("x.test", DnsRecordType.Mx));
        Assert.Equal(1, world.RcptCount("Alice@x.test"));
        Assert.Equal(1, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task Invalid_syntax_ends_the_flow_before_any_lookup()
    {
        var result = await world.VerifyAsync("bob@@x.test");

        Assert.Equal((Verdict.Undeliverable, Reason.InvalidSyntax), (result.Verdict, result.Reason));
        Assert.Equal("bob@@x.test", result.Email);
        Assert.Null(result.Normalized);
        Assert.False(result.Checks.Syntax.Valid);
        Assert.Equal(4, result.Checks.Syntax.ErrorIndex);
        Assert.NotNull(result.Checks.Syntax.Error);
        Assert.Null(result.Checks.Domain);
        Assert.Null(result.Checks.Smtp);
        Assert.Equal((553, "5.1.3", false), (result.LikelySmtp.Code, result.LikelySmtp.EnhancedCode, result.LikelySmtp.Observed));
        Assert.Equal(0, world.Dns.TotalQueryCount);
        Assert.Equal(0, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task A_cached_answer_skips_the_later_stages_unless_a_refresh_is_asked_for()
    {
        await world.VerifyAsync("bob@x.test");

        var again = await world.VerifyAsync("BOB@x.test");
        Assert.True(again.Cached);
        Assert.Equal("BOB@x.test", again.Email);
        Assert.Equal(Reason.MailboxNotFound, again.Reason);
        Assert.Equal(1, world.RcptCount("bob@x.test"));

        var refreshed = await world.VerifyAsync("bob@x.test", refresh: true);
        Assert.False(refreshed.Cached);
        Assert.Equal(2, world.RcptCount("bob@x.test"));
    }

    [Fact]
    public async Task A_list_is_answered_in_input_order_with_each_address_verified_once_and_each_domain_probed_in_one_session()
    {
        var results = await world.VerifyManyAsync(["alice@x.test", "not an address", "bob@x.test", "carol@y.test", "ALICE@x.test"]);

        Assert.Equal(["alice@x.test", "not an address", "bob@x.test", "carol@y.test", "ALICE@x.test"], results.Select(r => r.Email));
        Assert.Equal(
            [Reason.Accepted, Reason.InvalidSyntax, Reason.MailboxNotFound, Reason.Accepted, Reason.Accepted],
            results.Select(r => r.Reason));
        Assert.Equal(1, world.RcptCount("alice@x.test"));
        Assert.Equal(1, world.Dns.QueryCount("x.test", DnsRecordType.Mx));
        Assert.Equal(2, world.Smtp.SessionCount); // one per domain
        Assert.All(results, r => Assert.False(r.Cached));
    }

    [Fact]
    public async Task The_catch_all_probe_is_made_once_per_domain_and_its_finding_reused()
    {
        await world.VerifyManyAsync(["alice@x.test"]);
        var first = world.Smtp.Sessions[0].Recipients;
        Assert.Equal(2, first.Count); // alice and one random local part

        var later = await world.VerifyManyAsync(["bob@x.test"]);
        Assert.Equal(["bob@x.test"], world.Smtp.Sessions[1].Recipients);
        Assert.False(later[0].Checks.Smtp!.CatchAll);
    }

    [Theory]
    [InlineData("someone@nowhere.test", Reason.NoSuchDomain, "no_such_domain")]
    [InlineData("someone@nullmx.test", Reason.NullMx, "null_mx")]
    public async Task A_domain_that_takes_no_mail_ends_the_flow_before_the_mailbox_stage(string email, Reason reason, string status)
    {
        var result = await world.VerifyAsync(email);

        Assert.Equal((Verdict.Undeliverable, reason), (result.Verdict, result.Reason));
        Assert.Equal(status, result.Checks.Domain!.Status);
        Assert.Null(result.Checks.Smtp);
        Assert.Equal(0, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task An_mx_on_a_private_address_is_never_connected_to()
    {
        var result = await world.VerifyAsync("someone@private.test");

        Assert.Equal((Verdict.Undeliverable, Reason.UnroutableMx), (result.Verdict, result.Reason));
        Assert.Null(result.Checks.Smtp);
    }

    [Fact]
    public async Task Without_smtp_the_flow_stops_after_the_domain_stage_and_that_answer_does_not_serve_a_full_check()
    {
        var dnsOnly = await world.VerifyAsync("alice@x.test", smtp: false);

        Assert.Equal((Verdict.Unknown, Reason.SmtpNotChecked), (dnsOnly.Verdict, dnsOnly.Reason));
        Assert.False(dnsOnly.Checks.Smtp!.Performed);
        Assert.Equal("resolved", dnsOnly.Checks.Domain!.Status);
        Assert.Equal(0, world.Smtp.SessionCount);

        var full = await world.VerifyAsync("alice@x.test");
        Assert.False(full.Cached);
        Assert.Equal(Reason.Accepted, full.Reason);

        var dnsOnlyAgain = await world.VerifyAsync("alice@x.test", smtp: false);
        Assert.True(dnsOnlyAgain.Cached);
        Assert.Equal(Reason.Accepted, dnsOnlyAgain.Reason); // a full answer serves a DNS-only request
    }

    [Fact]
    public async Task A_list_of_a_job_keeps_its_verdicts_out_of_process_memory()
    {
        await world.VerifyManyAsync(["alice@x.test"], bulk: true);

        var single = await world.VerifyAsync("alice@x.test");

        Assert.False(single.Cached); // no shared store here, so nothing was kept
        Assert.Equal(2, world.RcptCount("alice@x.test"));
    }

    [Fact]
    public async Task When_the_budget_is_spent_the_answer_says_what_is_known_and_the_run_caches_its_answer_later()
    {
        // The domain's mail routing is cached first, so that only the slow mailbox stage can outlast the budget.
        await world.VerifyAsync("warm@slow.test", smtp: false);
        var budget = TimeSpan.FromMilliseconds(500);

        var hurried = await world.VerifyAsync("someone@slow.test", budget: budget);

        Assert.Equal((Verdict.Unknown, Reason.SmtpNotChecked), (hurried.Verdict, hurried.Reason));
        Assert.False(hurried.Cached);
        Assert.Equal("resolved", hurried.Checks.Domain!.Status);
        Assert.False(hurried.Checks.Smtp!.Performed);
        Assert.Equal("time budget spent before the mailbox check finished", hurried.Checks.Smtp.Error);

        // The run goes on: the slow server accepts everyone once it greets, and that answer is cached.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        VerificationResult later;
        do
        {
            await Task.Delay(100);
            later = await world.VerifyAsync("someone@slow.test", budget: budget);
        }
        while (!later.Cached && DateTime.UtcNow < deadline);

        Assert.True(later.Cached);
        Assert.Equal(Verdict.Risky, later.Verdict); // accepted, and so was the random recipient: catch-all
        Assert.Equal(Reason.CatchAll, later.Reason);
        Assert.Equal(1, world.SlowConnections); // the hurried requests joined the one run
    }

    [Fact]
    public async Task Identical_requests_at_the_same_time_share_one_run()
    {
        var budget = TimeSpan.FromSeconds(60);
        var answers = await Task.WhenAll(
            world.VerifyAsync("someone@slow.test", budget: budget),
            world.VerifyAsync("Someone@slow.test", budget: budget),
            world.VerifyAsync("someone@slow.test", budget: budget));

        Assert.All(answers, a => Assert.Equal(Reason.CatchAll, a.Reason));
        Assert.Equal(["someone@slow.test", "Someone@slow.test", "someone@slow.test"], answers.Select(a => a.Email));
        Assert.Equal(1, world.SlowConnections);
    }
}
