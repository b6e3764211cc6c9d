using Verifier.Core.Enrichment;
using Xunit.Abstractions;

namespace Verifier.Core.Tests.Enrichment;

public sealed class TypoSuggesterTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("gmail.con", "gmail.com")]
    [InlineData("outlook.co", "outlook.com")]
    [InlineData("yaho.com", "yahoo.com")]
    [InlineData("hotmial.com", "hotmail.com")]
    [InlineData("gmial.com", "gmail.com")]
    [InlineData("gmal.com", "gmail.com")]
    [InlineData("gnail.com", "gmail.com")]
    [InlineData("hotmal.co.uk", "hotmail.co.uk")]
    [InlineData("yahoo.co.ukk", "yahoo.co.uk")]
    [InlineData("gmailcom", "gmail.com")]
    [InlineData("gmail", "gmail.com")]
    [InlineData("GMIAL.COM", "gmail.com")]
    [InlineData("gmial.com.", "gmail.com")]
    [InlineData("example.con", "example.com")]
    [InlineData("mail.example.cmo", "mail.example.com")]
    [InlineData("example.co.ul", "example.co.uk")]
    [InlineData("example.couk", "example.co.uk")]
    public void Suggests_the_intended_domain(string typed, string expected)
    {
        Assert.Equal(expected, TypoSuggester.SuggestDomain(typed));
    }

    [Theory]
    [InlineData("gmail.com")]
    [InlineData("googlemail.com")]
    [InlineData("hotmail.co.uk")]
    [InlineData("yahoo.co.jp")]
    [InlineData("gmx.net")]
    [InlineData("gmx.de")]
    [InlineData("outlook.de")]
    [InlineData("mail.com")]
    [InlineData("email.com")]
    [InlineData("ymail.com")]
    [InlineData("example.com")]
    [InlineData("example.co")]
    [InlineData("example.cm")]
    [InlineData("example.cam")]
    [InlineData("company.ne")]
    [InlineData("ibm.com")]
    [InlineData("aon.com")]
    [InlineData("gmc.com")]
    [InlineData("wahoo.com")]
    [InlineData("hotmart.com")]
    [InlineData("orange.com")]
    [InlineData("verizon.com")]
    [InlineData("comcast.com")]
    [InlineData("web.com")]
    [InlineData("xn--bcher-kva.de")]
    [InlineData("localhost")]
    [InlineData("")]
    [InlineData(".")]
    public void Leaves_popular_known_and_unrelated_domains_alone(string domain)
    {
        Assert.Null(TypoSuggester.SuggestDomain(domain));
    }

    [Fact]
    public void Suggest_keeps_the_local_part_as_typed()
    {
        Assert.Equal("Alice.Smith+news@gmail.com", TypoSuggester.Suggest("Alice.Smith+news", "gmial.com"));
        Assert.Equal("first_last-2@outlook.com", TypoSuggester.Suggest("first_last-2", "outlok.com"));
        Assert.Null(TypoSuggester.Suggest("alice", "gmail.com"));
    }

    /// <summary>A suggestion is an address someone could have meant, never one the provider could not have given out.</summary>
    [Theory]
    [InlineData("=cmd|'/Ccalc'!A0", "gmial.com")]
    [InlineData("\"john doe\"", "gmial.com")]
    [InlineData("josé", "gmial.com")]
    [InlineData("+tag-only", "hotmial.com")]
    [InlineData("o'brien", "yahooo.com")]
    public void Makes_no_suggestion_a_provider_could_not_have_given_out(string localPart, string domain)
    {
        Assert.NotNull(TypoSuggester.SuggestDomain(domain));

        Assert.Null(TypoSuggester.Suggest(localPart, domain));
    }

    [Fact]
    public void A_corrected_top_level_domain_keeps_any_valid_local_part_and_every_suggestion_parses()
    {
        Assert.Equal("o'brien@example.com", TypoSuggester.Suggest("o'brien", "example.cmo"));
        Assert.Null(TypoSuggester.Suggest("a..b", "example.cmo"));
        Assert.Null(TypoSuggester.Suggest(new string('a', 65), "example.cmo"));
    }

    [Theory]
    [InlineData("gmai.com", true)]
    [InlineData("gmial.com", true)]
    [InlineData("hotmial.com", true)]
    [InlineData("yahho.com", true)]
    [InlineData("GMIAL.com.", true)]
    [InlineData("gmail.com", false)]
    [InlineData("gmeil.com", false)]
    [InlineData("example.com", false)]
    public void Knows_registered_typo_domains(string domain, bool expected)
    {
        Assert.Equal(expected, TypoSuggester.IsKnownTypoDomain(domain));
    }

    [Fact]
    public void Every_known_typo_domain_points_to_a_popular_domain_and_gets_that_suggestion()
    {
        Assert.All(TypoSuggester.KnownTypoDomains, pair =>
        {
            Assert.Contains(pair.Value, TypoSuggester.PopularDomains);
            Assert.Equal(pair.Value, TypoSuggester.SuggestDomain(pair.Key));
        });
    }

    [Fact]
    public void No_popular_domain_gets_a_suggestion()
    {
        Assert.All(TypoSuggester.PopularDomains, domain => Assert.Null(TypoSuggester.SuggestDomain(domain)));
    }

    [Fact]
    public void Every_popular_domain_ends_in_a_popular_suffix_and_is_neither_disposable_nor_a_typo_domain()
    {
        Assert.All(TypoSuggester.PopularDomains, domain =>
        {
            Assert.Contains(TypoSuggester.PopularTopLevelDomains, suffix => domain.EndsWith("." + suffix, StringComparison.Ordinal));
            Assert.False(DisposableDomains.Contains(domain), domain);
            Assert.False(TypoSuggester.IsKnownTypoDomain(domain), domain);
        });
    }

    [Fact]
    public void Makes_no_suggestion_for_a_thousand_valid_domains()
    {
        var domains = TestData.Lines("valid-domains.txt");
        var suggested = domains
            .Select(d => (Domain: d, Suggestion: TypoSuggester.SuggestDomain(d)))
            .Where(r => r.Suggestion is not null)
            .ToList();

        output.WriteLine($"{suggested.Count} suggestions for {domains.Count} valid domains");
        foreach (var (domain, suggestion) in suggested)
        {
            output.WriteLine($"  {domain} -> {suggestion}");
        }

        Assert.Equal(1000, domains.Count);
        Assert.Equal(domains.Count, domains.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(suggested);
    }

    /// <summary>README.md states this figure ("198 of 200 typos corrected"): the test holds the code to it.</summary>
    [Fact]
    public void Corrects_at_least_198_of_two_hundred_typos_as_the_readme_says()
    {
        var pairs = TestData.Pairs("typos.txt");
        var wrong = pairs
            .Select(p => (p.Typed, p.Expected, Actual: TypoSuggester.SuggestDomain(p.Typed)))
            .Where(r => r.Actual != r.Expected)
            .ToList();

        var rate = (double)(pairs.Count - wrong.Count) / pairs.Count;
        output.WriteLine($"{pairs.Count - wrong.Count}/{pairs.Count} correct ({rate:P1})");
        foreach (var (typed, expected, actual) in wrong)
        {
            output.WriteLine($"  {typed}: expected {expected}, got {actual ?? "nothing"}");
        }

        Assert.Equal(200, pairs.Count);
        Assert.True(pairs.Count - wrong.Count >= 198, $"{pairs.Count - wrong.Count}/200 correct; README.md says 198");
    }
}
