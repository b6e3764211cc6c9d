using Verifier.Core.Enrichment;

namespace Verifier.Core.Tests.Enrichment;

public sealed class DisposableDomainsTests
{
    [Theory]
    [InlineData("mailinator.com", true)]
    [InlineData("a.b.mailinator.com", true)]
    [InlineData("inbox.mailinator.com", true)]
    [InlineData("MAILINATOR.COM", true)]
    [InlineData("mailinator.com.", true)]
    [InlineData("guerrillamail.com", true)]
    [InlineData("10minutemail.com", true)]
    [InlineData("yopmail.com", true)]
    [InlineData("temp-mail.org", true)]
    [InlineData("anything.33mail.com", true)]
    [InlineData("gmail.com", false)]
    [InlineData("example.com", false)]
    [InlineData("mymailinator.org", false)]
    [InlineData("mailinator.com.example.org", false)]
    [InlineData("com", false)]
    [InlineData("", false)]
    [InlineData(".", false)]
    public void Matches_the_domain_or_a_parent(string domain, bool expected)
    {
        Assert.Equal(expected, DisposableDomains.Contains(domain));
    }

    [Theory]
    [InlineData("uw.edu.pl")]
    [InlineData("students.agh.edu.pl")]
    [InlineData("example.my.id")]
    [InlineData("example.web.id")]
    public void A_public_suffix_in_the_source_list_does_not_mark_the_domains_under_it(string domain)
    {
        Assert.False(DisposableDomains.Contains(domain));
    }

    [Fact]
    public void The_list_is_loaded_and_holds_no_bare_top_level_domain()
    {
        Assert.True(DisposableDomains.Count > 100_000, $"{DisposableDomains.Count} domains");
        Assert.False(DisposableDomains.Contains("com"));
        Assert.False(DisposableDomains.Contains("xyz"));
    }

    [Fact]
    public void Looking_up_does_not_allocate()
    {
        var allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                DisposableDomains.Contains("a.b.mailinator.com");
                DisposableDomains.Contains("mail.example.co.uk");
            }
        });

        Assert.Equal(0, allocated);
    }
}
