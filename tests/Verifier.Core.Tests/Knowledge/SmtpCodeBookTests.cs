using Verifier.Core.Classification;
using Verifier.Core.Knowledge;

namespace Verifier.Core.Tests.Knowledge;

public sealed class SmtpCodeBookTests
{
    private static readonly string[] Classes = ["success", "intermediate", "temporary", "permanent"];

    /// <summary>The seed's six codes: the phrases each explanation must carry.</summary>
    public static TheoryData<string, string, bool, Reason, string[]> SeedCodes() => new()
    {
        { "421", "Service not available", true, Reason.SmtpUnavailable, ["back-off", "reduce your sending rate"] },
        { "450", "greylisting", true, Reason.Greylisted, ["legitimate senders retry", "greylisting"] },
        { "451", "Local error in processing", true, Reason.Greylisted, ["retry later"] },
        { "550", "Mailbox not found", false, Reason.MailboxNotFound, ["Remove the address", "never retry", "reputation"] },
        { "552", "Mailbox full", true, Reason.MailboxFull, ["sparingly", "inactive"] },
        { "554", "spam", false, Reason.Blocked, ["blocklists", "SPF", "DKIM", "DMARC", "warm up", "spam triggers"] },
    };

    [Theory]
    [MemberData(nameof(SeedCodes))]
    public void Seed_codes_carry_the_full_explanation(string code, string title, bool retry, Reason reason, string[] advice)
    {
        var lookup = SmtpCodeBook.Lookup(code);

        Assert.Equal(SmtpCodeMatch.Exact, lookup.Match);
        var entry = lookup.Entry!;
        Assert.Equal(code, entry.Code);
        Assert.Contains(title, entry.Title, StringComparison.OrdinalIgnoreCase);
        Assert.True(entry.Meaning.Length > 60, entry.Meaning);
        Assert.True(entry.Causes.Count >= 3, code);
        Assert.Equal(retry, entry.Retry);
        Assert.Equal(reason, entry.RelatedReason);
        foreach (var phrase in advice)
        {
            Assert.Contains(phrase, entry.Advice, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Seed_meanings_name_the_condition()
    {
        Assert.Contains("busy", SmtpCodeBook.Lookup("421").Entry!.Meaning, StringComparison.Ordinal);
        Assert.Contains("greylisting", SmtpCodeBook.Lookup("450").Entry!.Meaning, StringComparison.Ordinal);
        Assert.Contains("local error in processing", SmtpCodeBook.Lookup("451").Entry!.Meaning, StringComparison.Ordinal);
        Assert.Contains("does not exist", SmtpCodeBook.Lookup("550").Entry!.Meaning, StringComparison.Ordinal);
        Assert.Contains("exceeded storage allocation", SmtpCodeBook.Lookup("552").Entry!.Meaning, StringComparison.Ordinal);
        Assert.Contains("spam", SmtpCodeBook.Lookup("554").Entry!.Meaning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("550", "550", "basic", "permanent", "Mailbox not found")]
    [InlineData(" 550 ", "550", "basic", "permanent", "Mailbox not found")]
    [InlineData("5.1.1\n", "5.1.1", "enhanced", "permanent", "Bad destination mailbox address")]
    [InlineData("5.1.1", "5.1.1", "enhanced", "permanent", "Bad destination mailbox address")]
    [InlineData("4.2.2", "4.2.2", "enhanced", "temporary", "Mailbox full")]
    [InlineData("2.1.5", "2.1.5", "enhanced", "success", "Destination address valid")]
    [InlineData("5.1.10", "5.1.10", "enhanced", "permanent", "Recipient address has null MX")]
    [InlineData("5.7.23", "5.7.23", "enhanced", "permanent", "SPF validation failed")]
    [InlineData("5.7.25", "5.7.25", "enhanced", "permanent", "Reverse DNS validation failed")]
    [InlineData("5.7.26", "5.7.26", "enhanced", "permanent", "Multiple authentication checks failed")]
    [InlineData("5.7.27", "5.7.27", "enhanced", "permanent", "Sender address has null MX")]
    [InlineData("4.7.28", "4.7.28", "enhanced", "temporary", "Mail flood detected")]
    [InlineData("5.7.30", "5.7.30", "enhanced", "permanent", "REQUIRETLS support required")]
    [InlineData("521", "521", "basic", "permanent", "Host does not accept mail")]
    [InlineData("556", "556", "basic", "permanent", "Domain does not accept mail")]
    [InlineData("354", "354", "basic", "intermediate", "Start mail input")]
    public void Known_codes_resolve_exactly(string query, string code, string kind, string @class, string title)
    {
        var lookup = SmtpCodeBook.Lookup(query);

        Assert.Equal(SmtpCodeMatch.Exact, lookup.Match);
        Assert.False(lookup.IsMalformed);
        Assert.Null(lookup.Error);
        Assert.Equal((code, kind, @class, title), (lookup.Entry!.Code, lookup.Entry.Kind, lookup.Entry.Class, lookup.Entry.Title));
    }

    [Theory]
    [InlineData("5.1.1", Reason.MailboxNotFound, false)]
    [InlineData("5.2.1", Reason.MailboxDisabled, false)]
    [InlineData("5.2.2", Reason.MailboxFull, true)]
    [InlineData("4.2.2", Reason.MailboxFull, true)]
    [InlineData("5.1.10", Reason.NullMx, false)]
    [InlineData("5.4.4", Reason.NoSuchDomain, false)]
    [InlineData("4.4.3", Reason.DnsError, true)]
    [InlineData("4.7.1", Reason.Greylisted, true)]
    [InlineData("5.7.1", Reason.Blocked, false)]
    [InlineData("5.7.26", Reason.Blocked, false)]
    public void Enhanced_codes_name_the_related_reason_and_retry(string code, Reason reason, bool retry)
    {
        var entry = SmtpCodeBook.Lookup(code).Entry!;

        Assert.Equal((reason, retry), (entry.RelatedReason, entry.Retry));
    }

    [Theory]
    [InlineData("599", SmtpCodeMatch.Class, "5xx", "permanent", false)]
    [InlineData("499", SmtpCodeMatch.Class, "4xx", "temporary", true)]
    [InlineData("299", SmtpCodeMatch.Class, "2xx", "success", false)]
    [InlineData("4.9.9", SmtpCodeMatch.Class, "4.X.X", "temporary", true)]
    [InlineData("5.8.0", SmtpCodeMatch.Class, "5.X.X", "permanent", false)]
    [InlineData("5.1.99", SmtpCodeMatch.Subject, "5.1.X", "permanent", false)]
    [InlineData("4.7.999", SmtpCodeMatch.Subject, "4.7.X", "temporary", true)]
    [InlineData("5.7.515", SmtpCodeMatch.Subject, "5.7.X", "permanent", false)]
    public void Unknown_well_formed_codes_get_the_class_or_subject_explanation(
        string query, SmtpCodeMatch match, string code, string @class, bool retry)
    {
        var lookup = SmtpCodeBook.Lookup(query);

        Assert.Equal(match, lookup.Match);
        Assert.Equal(query, lookup.Query);
        Assert.Equal((code, @class, retry), (lookup.Entry!.Code, lookup.Entry.Class, lookup.Entry.Retry));
        Assert.False(string.IsNullOrWhiteSpace(lookup.Entry.Advice));
    }

    [Fact]
    public void Subject_explanation_names_the_subject()
    {
        var entry = SmtpCodeBook.Lookup("5.7.515").Entry!;

        Assert.Contains("Security or policy", entry.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5.1")]
    [InlineData("6.0.0")]
    [InlineData("55")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("5550")]
    [InlineData("650")]
    [InlineData("150")]
    [InlineData("5.1.1.1")]
    [InlineData("5.01.1")]
    [InlineData("5.1.1000")]
    [InlineData("5..1")]
    [InlineData("5.a.1")]
    [InlineData("+50")]
    [InlineData("５５０")]
    public void Malformed_codes_are_reported_as_malformed(string? query)
    {
        var lookup = SmtpCodeBook.Lookup(query);

        Assert.Equal(SmtpCodeMatch.Malformed, lookup.Match);
        Assert.True(lookup.IsMalformed);
        Assert.Null(lookup.Entry);
        Assert.False(string.IsNullOrWhiteSpace(lookup.Error));
    }

    [Fact]
    public void Listing_holds_at_least_25_basic_and_60_enhanced_codes()
    {
        Assert.True(SmtpCodeBook.All.Count(e => e.Kind == SmtpCodeBook.Basic) >= 25);
        Assert.True(SmtpCodeBook.All.Count(e => e.Kind == SmtpCodeBook.Enhanced) >= 60);
    }

    [Fact]
    public void Listing_has_unique_codes_and_complete_entries()
    {
        Assert.Equal(SmtpCodeBook.All.Count, SmtpCodeBook.All.Select(e => e.Code).Distinct().Count());
        foreach (var entry in SmtpCodeBook.All)
        {
            Assert.Contains(entry.Class, Classes);
            Assert.False(string.IsNullOrWhiteSpace(entry.Title), entry.Code);
            Assert.False(string.IsNullOrWhiteSpace(entry.Meaning), entry.Code);
            Assert.NotEmpty(entry.Causes);
            Assert.False(string.IsNullOrWhiteSpace(entry.Advice), entry.Code);
            Assert.False(string.IsNullOrWhiteSpace(entry.Reference), entry.Code);
            Assert.Equal(SmtpCodeMatch.Exact, SmtpCodeBook.Lookup(entry.Code).Match);
            Assert.Equal(entry, SmtpCodeBook.Lookup(entry.Code).Entry);
        }
    }

    [Theory]
    [InlineData("211")] [InlineData("214")] [InlineData("220")] [InlineData("221")] [InlineData("250")]
    [InlineData("251")] [InlineData("252")] [InlineData("354")] [InlineData("421")] [InlineData("450")]
    [InlineData("451")] [InlineData("452")] [InlineData("455")] [InlineData("500")] [InlineData("501")]
    [InlineData("502")] [InlineData("503")] [InlineData("504")] [InlineData("521")] [InlineData("550")]
    [InlineData("551")] [InlineData("552")] [InlineData("553")] [InlineData("554")] [InlineData("555")]
    [InlineData("556")]
    public void Every_rfc_5321_and_7504_basic_code_is_listed(string code) =>
        Assert.Contains(SmtpCodeBook.All, e => e.Code == code && e.Kind == SmtpCodeBook.Basic);

    [Fact]
    public void Every_registered_subject_detail_is_listed()
    {
        (int Subject, int LastDetail)[] ranges = [(0, 0), (1, 10), (2, 4), (3, 6), (4, 7), (5, 6), (6, 10), (7, 30)];
        foreach (var (subject, last) in ranges)
        {
            for (var detail = 0; detail <= last; detail++)
            {
                var code = $".{subject}.{detail}";
                Assert.True(SmtpCodeBook.All.Any(e => e.Code.EndsWith(code, StringComparison.Ordinal) && e.Code.Length == code.Length + 1), code);
            }
        }
    }

    [Fact]
    public void Enhanced_codes_are_listed_in_the_classes_they_are_used_with()
    {
        var codes = SmtpCodeBook.All.Select(e => e.Code).ToHashSet();

        Assert.Contains("5.1.1", codes);
        Assert.DoesNotContain("4.1.1", codes);
        Assert.Contains("4.2.2", codes);
        Assert.Contains("5.2.2", codes);
        Assert.Contains("2.1.5", codes);
        Assert.DoesNotContain("5.1.5", codes);
        Assert.Contains("2.0.0", codes);
    }

    [Fact]
    public void A_code_looked_up_in_an_unlisted_class_still_finds_its_explanation()
    {
        var lookup = SmtpCodeBook.Lookup("4.1.1");

        Assert.Equal(SmtpCodeMatch.Exact, lookup.Match);
        Assert.Equal(("4.1.1", "temporary", true), (lookup.Entry!.Code, lookup.Entry.Class, lookup.Entry.Retry));
        Assert.StartsWith("Temporary: retry later.", lookup.Entry.Advice, StringComparison.Ordinal);
    }
}
