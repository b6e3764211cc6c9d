using Verifier.Core.Domains;

namespace Verifier.Core.Tests.Domains;

/// <summary>SPF records in, problems and lookup counts out: RFC 7208 §4.6, §5, §6, §7 without DNS.</summary>
public sealed class SpfParserTests
{
    /// <summary>Record, the problem codes it must produce (exactly), DNS-querying terms in the record alone.</summary>
    public static TheoryData<string, string[], int> Records => new()
    {
        // Good records.
        { "v=spf1 -all", [], 0 },
        { "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all", [], 0 },
        { "v=spf1 include:_spf.google.com ~all", [], 1 },
        { "v=spf1 a mx a:mail.example.com/24 mx:example.com//64 a/28//96 -all", [], 5 },
        { "v=spf1 exists:%{i}._spf.example.com -all", [], 1 },
        { "v=spf1 redirect=_spf.example.com", [], 1 },
        { "V=SPF1 IP4:192.0.2.1 -ALL", [], 0 },
        { "v=spf1   ip4:192.0.2.1    -all", [], 0 },
        { "v=spf1 include:example.com exp=explain.%{d} -all", [], 1 },

        // Policy weaknesses.
        { "v=spf1 +all", [SpfParser.PassAll], 0 },
        { "v=spf1 all", [SpfParser.PassAll], 0 },
        { "v=spf1 include:example.com ?all", [SpfParser.NeutralAll], 1 },
        { "v=spf1 ip4:192.0.2.1", [SpfParser.NoAll], 0 },
        { "v=spf1", [SpfParser.NoAll], 0 },
        { "v=spf1 ptr -all", [SpfParser.PtrUsed], 1 },
        { "v=spf1 ptr:example.com ~all", [SpfParser.PtrUsed], 1 },
        { "v=spf1 -all include:example.com", [SpfParser.TermsAfterAll], 1 },
        { "v=spf1 -all redirect=example.com", [SpfParser.TermsAfterAll], 0 },

        // Syntax errors: receivers return PermError.
        { "v=spf1 foo -all", [SpfParser.UnknownMechanism], 0 },
        { "v=spf1 ip:192.0.2.1 -all", [SpfParser.UnknownMechanism], 0 },
        { "v=spf1 !all", [SpfParser.BadQualifier, SpfParser.NoAll], 0 },
        { "v=spf1 +-all", [SpfParser.BadQualifier, SpfParser.NoAll], 0 },
        { "v=spf1 ip4:192.0.2.256 -all", [SpfParser.BadIp4], 0 },
        { "v=spf1 ip4:192.0.2 -all", [SpfParser.BadIp4], 0 },
        { "v=spf1 ip4:192.0.2.0/33 -all", [SpfParser.BadCidr], 0 },
        { "v=spf1 ip4:192.0.2.0/024 -all", [SpfParser.BadCidr], 0 },
        { "v=spf1 ip4: -all", [SpfParser.BadIp4], 0 },
        { "v=spf1 ip6:2001:db8::/129 -all", [SpfParser.BadCidr], 0 },
        { "v=spf1 ip6:192.0.2.1 -all", [SpfParser.BadIp6], 0 },
        { "v=spf1 ip6:2001:db8:::1 -all", [SpfParser.BadIp6], 0 },
        { "v=spf1 a/33 -all", [SpfParser.BadCidr], 0 },
        { "v=spf1 include -all", [SpfParser.MissingDomain], 0 },
        { "v=spf1 include: -all", [SpfParser.MissingDomain], 0 },
        { "v=spf1 include:localhost -all", [SpfParser.BadDomain], 0 },
        { "v=spf1 include:a..example.com -all", [SpfParser.BadDomain], 0 },
        { "v=spf1 exists:%{x}.example.com -all", [SpfParser.BadMacro], 0 },
        { "v=spf1 exists:%{i.example.com -all", [SpfParser.BadMacro], 0 },
        { "v=spf1 include:%example.com -all", [SpfParser.BadMacro], 0 },
        { "v=spf1 all:example.com", [SpfParser.Syntax, SpfParser.NoAll], 0 },
        { "v=spf1 redirect=a.example redirect=b.example", [SpfParser.DuplicateModifier], 1 },
        { "v=spf1 redirect= ", [SpfParser.MissingDomain, SpfParser.NoAll], 0 },
        { "v=spf1 ip4:192.0.2.1\t-all", [SpfParser.Syntax, SpfParser.NoAll], 0 },

        // Unknown modifiers are ignored by receivers (RFC 7208 §6), but are usually typos.
        { "v=spf1 redirct=example.com -all", [SpfParser.UnknownModifier], 0 },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Record_gives_its_problems(string text, string[] codes, int lookups)
    {
        var record = SpfParser.Parse(text);

        Assert.Equal(codes.Order(StringComparer.Ordinal), record.Problems.Select(p => p.Code).Order(StringComparer.Ordinal));
        Assert.Equal(lookups, record.LocalDnsLookups);
    }

    [Theory]
    [InlineData("v=spf1 -all", true)]
    [InlineData("v=spf1", true)]
    [InlineData("V=SPF1 -all", true)]
    [InlineData("v=spf10 -all", false)]
    [InlineData("v=spf1-all", false)]
    [InlineData("spf2.0/pra ip4:192.0.2.1 -all", false)]
    [InlineData("google-site-verification=abc", false)]
    [InlineData(" v=spf1 -all", false)]
    public void Only_records_starting_with_the_version_are_spf(string text, bool spf)
    {
        Assert.Equal(spf, SpfParser.IsSpfRecord(text));
    }

    [Fact]
    public void Terms_keep_their_qualifier_name_and_value()
    {
        var record = SpfParser.Parse("v=spf1 ~include:_spf.Example.com ?mx:mail.example.com/24 -ip4:192.0.2.0/24 redirect=other.example");

        Assert.Collection(
            record.Terms,
            t => Assert.Equal(("include", SpfQualifier.SoftFail, "_spf.Example.com"), (t.Name, t.Qualifier!.Value, t.Value)),
            t => Assert.Equal(("mx", SpfQualifier.Neutral, "mail.example.com/24"), (t.Name, t.Qualifier!.Value, t.Value)),
            t => Assert.Equal(("ip4", SpfQualifier.Fail, "192.0.2.0/24"), (t.Name, t.Qualifier!.Value, t.Value)),
            t => Assert.True(t.IsModifier && t.Name == "redirect" && t.Value == "other.example"));
        Assert.Equal("_spf.example.com", record.Terms[0].FollowableDomain);
        Assert.Equal("other.example", record.Redirect?.FollowableDomain);
    }

    [Fact]
    public void Syntax_errors_carry_the_permerror_reply()
    {
        var problem = Assert.Single(SpfParser.Parse("v=spf1 ip4:300.1.1.1 -all").Problems);

        Assert.Equal(SenderProblemSeverity.Error, problem.Severity);
        Assert.Equal("550 5.7.24", problem.LikelySmtp);
        Assert.True(SpfParser.Parse("v=spf1 ip4:300.1.1.1 -all").HasSyntaxError);
    }

    [Fact]
    public void Redirect_is_ignored_when_all_is_present()
    {
        var record = SpfParser.Parse("v=spf1 -all redirect=example.com");

        Assert.Null(record.Redirect);
        Assert.Equal("-all", record.AllText);
        Assert.Equal(0, record.LocalDnsLookups);
    }

    [Fact]
    public void A_record_that_is_not_spf_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SpfParser.Parse("v=DMARC1; p=none"));
    }
}
