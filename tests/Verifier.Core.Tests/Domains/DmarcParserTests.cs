using Verifier.Core.Domains;

namespace Verifier.Core.Tests.Domains;

/// <summary>DMARC records in, tags and problems out: RFC 7489 §6.3, §6.4, §6.6.3 without DNS.</summary>
public sealed class DmarcParserTests
{
    /// <summary>Record, whether receivers apply it, and the problem codes it must produce (exactly).</summary>
    public static TheoryData<string, bool, string[]> Records => new()
    {
        { "v=DMARC1; p=reject; rua=mailto:dmarc@example.com", true, [] },
        { "v=DMARC1;p=quarantine;pct=100;rua=mailto:a@example.com,mailto:b@example.net!10m", true, [] },
        { "v=DMARC1; p=reject; rua=mailto:d@example.com;", true, [] },
        { "v=DMARC1 ; p = reject ; rua = mailto:d@example.com", true, [] },
        { "v=DMARC1; p=none; rua=mailto:d@example.com", true, [DmarcParser.PolicyNone] },
        { "v=DMARC1; p=reject", true, [DmarcParser.NoAggregateReports] },
        { "v=DMARC1; p=none", true, [DmarcParser.PolicyNone, DmarcParser.NoAggregateReports] },
        { "v=DMARC1; p=quarantine; pct=25; rua=mailto:d@example.com", true, [DmarcParser.PartialPercent] },
        { "v=DMARC1; p=none; pct=50; rua=mailto:d@example.com", true, [DmarcParser.PolicyNone] },
        { "p=reject; v=DMARC1; rua=mailto:d@example.com", false, [DmarcParser.Syntax] },
        { "v=DMARC1; p=block; rua=mailto:d@example.com", false, [DmarcParser.Syntax] },
        { "v=dmarc1; p=reject; rua=mailto:d@example.com", false, [DmarcParser.Syntax] },
        { "v=DMARC1; rua=mailto:d@example.com", true, [DmarcParser.Syntax, DmarcParser.PolicyNone] },
        { "v=DMARC1; sp=reject", false, [DmarcParser.Syntax] },
        { "v=DMARC1; p=reject; rua=dmarc@example.com", true, [DmarcParser.BadTagValue, DmarcParser.NoAggregateReports] },
        { "v=DMARC1; p=reject; pct=150; rua=mailto:d@example.com", true, [DmarcParser.BadTagValue] },
        { "v=DMARC1; p=reject; sp=deny; rua=mailto:d@example.com", true, [DmarcParser.BadTagValue] },
        { "v=DMARC1; p=reject; adkim=x; aspf=strict; rua=mailto:d@example.com", true, [DmarcParser.BadTagValue, DmarcParser.BadTagValue] },
        { "v=DMARC1; p=reject; fo=2; rua=mailto:d@example.com", true, [DmarcParser.BadTagValue] },
        { "v=DMARC1; p=reject; foo=bar; rua=mailto:d@example.com", true, [DmarcParser.UnknownTag] },
        { "v=DMARC1; p=reject; p=none; rua=mailto:d@example.com", true, [DmarcParser.DuplicateTag] },
        { "v=DMARC1; p=reject; garbage; rua=mailto:d@example.com", false, [DmarcParser.Syntax] },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Record_gives_its_problems(string text, bool valid, string[] codes)
    {
        var record = DmarcParser.Parse(text);

        Assert.Equal(valid, record.Valid);
        Assert.Equal(codes.Order(StringComparer.Ordinal), record.Problems.Select(p => p.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tags_are_read_with_their_defaults()
    {
        var record = DmarcParser.Parse("v=DMARC1; p=quarantine; rua=mailto:agg@example.com; ruf=mailto:fail@example.com");

        Assert.Equal(DmarcPolicy.Quarantine, record.Policy);
        Assert.Equal(DmarcPolicy.Quarantine, record.SubdomainPolicy);
        Assert.Equal(100, record.Percent);
        Assert.Equal("r", record.DkimAlignment);
        Assert.Equal("r", record.SpfAlignment);
        Assert.Equal("0", record.FailureOptions);
        Assert.Equal(["mailto:agg@example.com"], record.AggregateReportUris);
        Assert.Equal(["mailto:fail@example.com"], record.FailureReportUris);
    }

    [Fact]
    public void Every_tag_is_read()
    {
        var record = DmarcParser.Parse("v=DMARC1; p=reject; sp=none; pct=40; adkim=s; aspf=S; fo=1:d; rua=mailto:a@example.com");

        Assert.Equal((DmarcPolicy.Reject, DmarcPolicy.None, 40), (record.Policy!.Value, record.SubdomainPolicy!.Value, record.Percent));
        Assert.Equal(("s", "s", "1:d"), (record.DkimAlignment, record.SpfAlignment, record.FailureOptions));
    }

    [Fact]
    public void A_missing_or_ignored_record_carries_the_bulk_sender_rejection()
    {
        var problem = Assert.Single(DmarcParser.Parse("v=DMARC1; p=maybe; rua=mailto:d@example.com").Problems);

        Assert.Equal((SenderProblemSeverity.Error, "550 5.7.26"), (problem.Severity, problem.LikelySmtp));
    }

    [Theory]
    [InlineData("v=DMARC1; p=none", true)]
    [InlineData("v = DMARC1; p=none", true)]
    [InlineData("v=dmarc1; p=none", true)]
    [InlineData("v=spf1 -all", false)]
    [InlineData("p=none; v=DMARC1", false)]
    public void Dmarc_records_are_recognised_by_their_first_tag(string text, bool dmarc)
    {
        Assert.Equal(dmarc, DmarcParser.IsDmarcRecord(text));
    }

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("mail.example.com", "example.com")]
    [InlineData("a.b.mail.example.com", "example.com")]
    public void The_organisational_domain_is_the_last_two_labels(string domain, string organisational)
    {
        Assert.Equal(organisational, DmarcReport.OrganizationalDomainOf(domain));
    }
}
