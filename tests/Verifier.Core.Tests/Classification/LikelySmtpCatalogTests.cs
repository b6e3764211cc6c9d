using Verifier.Core.Classification;
using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Classification;

public sealed class LikelySmtpCatalogTests
{
    private static readonly string[] Classes = ["success", "temporary", "permanent"];

    private static readonly string[] ActionNames =
        ["send", "send_with_care", "fix_or_remove", "remove", "retry_later", "check_reputation", "decide_by_policy", "none"];

    public static TheoryData<Reason> AllReasons() => new(Enum.GetValues<Reason>());

    [Theory]
    [MemberData(nameof(AllReasons))]
    public void Every_reason_has_a_complete_prediction(Reason reason)
    {
        var likely = LikelySmtpCatalog.Predict(reason);

        Assert.False(likely.Observed);
        Assert.InRange(likely.Code, 200, 599);
        Assert.Equal(likely.Code / 100, likely.EnhancedCode[0] - '0');
        Assert.Contains(likely.Class, Classes);
        Assert.Contains(likely.Action, ActionNames);
        Assert.False(string.IsNullOrWhiteSpace(likely.Title));
        Assert.True(likely.Advice.Length > 30, likely.Advice);
    }

    /// <summary>DESIGN.md, reason table.</summary>
    [Theory]
    [InlineData(Reason.Accepted, 250, "2.1.5", "success", "send", false)]
    [InlineData(Reason.InvalidSyntax, 553, "5.1.3", "permanent", "fix_or_remove", false)]
    [InlineData(Reason.NoSuchDomain, 550, "5.4.4", "permanent", "remove", false)]
    [InlineData(Reason.NoMailServer, 550, "5.4.4", "permanent", "remove", false)]
    [InlineData(Reason.NullMx, 556, "5.1.10", "permanent", "remove", false)]
    [InlineData(Reason.UnroutableMx, 550, "5.4.4", "permanent", "remove", false)]
    [InlineData(Reason.MailboxNotFound, 550, "5.1.1", "permanent", "remove", false)]
    [InlineData(Reason.MailboxDisabled, 550, "5.2.1", "permanent", "remove", false)]
    [InlineData(Reason.MailboxFull, 552, "5.2.2", "permanent", "retry_later", true)]
    [InlineData(Reason.CatchAll, 250, "2.1.5", "success", "send_with_care", false)]
    [InlineData(Reason.Disposable, 250, "2.1.5", "success", "decide_by_policy", false)]
    [InlineData(Reason.Greylisted, 450, "4.2.0", "temporary", "retry_later", true)]
    [InlineData(Reason.SmtpUnavailable, 421, "4.3.2", "temporary", "retry_later", true)]
    [InlineData(Reason.Blocked, 554, "5.7.1", "permanent", "check_reputation", false)]
    [InlineData(Reason.Timeout, 421, "4.4.2", "temporary", "retry_later", true)]
    [InlineData(Reason.DnsError, 451, "4.4.3", "temporary", "retry_later", true)]
    [InlineData(Reason.SmtpNotChecked, 250, "2.1.5", "success", "none", false)]
    public void Predictions_follow_the_design_table(Reason reason, int code, string enhanced, string @class, string action, bool retry)
    {
        var likely = LikelySmtpCatalog.Predict(reason);

        Assert.Equal((code, enhanced, @class, action, retry), (likely.Code, likely.EnhancedCode, likely.Class, likely.Action, likely.Retry));
    }

    [Fact]
    public void Design_table_test_covers_every_reason()
    {
        var covered = typeof(LikelySmtpCatalogTests).GetMethod(nameof(Predictions_follow_the_design_table))!
            .GetCustomAttributes(typeof(InlineDataAttribute), inherit: false)
            .Cast<InlineDataAttribute>()
            .Select(a => (Reason)a.GetData(null!).Single()[0])
            .ToHashSet();

        Assert.Equal(Enum.GetValues<Reason>().ToHashSet(), covered);
    }

    /// <summary>The seed article's explanation of each code it discusses.</summary>
    [Theory]
    [InlineData(Reason.SmtpUnavailable, "Service not available", new[] { "busy", "overloaded", "throttling", "back-off", "reduce your sending rate" })]
    [InlineData(Reason.Greylisted, "greylisting", new[] { "temporar", "retry later", "legitimate senders retry" })]
    [InlineData(Reason.MailboxNotFound, "Mailbox not found", new[] { "does not exist", "deleted", "Remove", "never retry", "sender reputation" })]
    [InlineData(Reason.MailboxFull, "Mailbox full", new[] { "storage", "Retry later, sparingly", "inactive" })]
    [InlineData(Reason.Blocked, "spam rejection", new[] { "spam", "blocklist", "SPF", "DKIM", "DMARC", "warm up", "spam triggers" })]
    [InlineData(Reason.DnsError, "DNS", new[] { "451", "local error", "retry later" })]
    public void Seed_codes_carry_their_explanation(Reason reason, string title, string[] adviceWords)
    {
        var likely = LikelySmtpCatalog.Predict(reason);

        Assert.Contains(title, likely.Title, StringComparison.OrdinalIgnoreCase);
        Assert.All(adviceWords, w => Assert.Contains(w, likely.Advice, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Observed_full_mailbox_keeps_the_servers_452_and_4_2_2()
    {
        var likely = LikelySmtpCatalog.FromObserved(Reason.MailboxFull, new SmtpReply(452, "4.2.2", "over quota"));

        Assert.Equal(new LikelySmtp(452, "4.2.2", "temporary", "Mailbox full", true, "retry_later", true,
            LikelySmtpCatalog.Predict(Reason.MailboxFull).Advice), likely);
    }

    [Fact]
    public void Observed_451_greylisting_gets_the_451_explanation()
    {
        var likely = LikelySmtpCatalog.FromObserved(Reason.Greylisted, new SmtpReply(451, "4.7.1", "try again later"));

        Assert.Equal((451, "4.7.1", "temporary", "Local error in processing"), (likely.Code, likely.EnhancedCode, likely.Class, likely.Title));
        Assert.Contains("local error in processing", likely.Advice, StringComparison.Ordinal);
        Assert.True(likely.Observed);
    }

    [Fact]
    public void Observed_550_blocklist_keeps_the_blocked_explanation_not_the_550_one()
    {
        var likely = LikelySmtpCatalog.FromObserved(Reason.Blocked, new SmtpReply(550, "5.7.1", "blocked using zen.spamhaus.org"));

        Assert.Equal(550, likely.Code);
        Assert.Equal("check_reputation", likely.Action);
        Assert.DoesNotContain("Mailbox not found", likely.Title, StringComparison.Ordinal);
        Assert.Contains("blocklist", likely.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(550, null, "Unrouteable address", Reason.MailboxNotFound, "5.1.1")]
    [InlineData(452, null, "Mailbox full", Reason.MailboxFull, "4.2.2")]
    [InlineData(550, null, "sorry, no mailbox here by that name. (#5.1.1)", Reason.MailboxNotFound, "5.1.1")]
    [InlineData(550, null, "Mailbox full", Reason.MailboxFull, "5.2.2")]
    [InlineData(550, "5.5.0", "mailbox unavailable", Reason.MailboxNotFound, "5.5.0")]
    public void Observed_enhanced_code_is_the_servers_else_the_reasons_in_the_observed_class(
        int code, string? enhanced, string text, Reason reason, string expected)
    {
        Assert.Equal(expected, LikelySmtpCatalog.FromObserved(reason, new SmtpReply(code, enhanced, text)).EnhancedCode);
    }

    [Fact]
    public void Undefined_reason_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LikelySmtpCatalog.Predict((Reason)999));
    }
}
