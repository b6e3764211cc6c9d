using Verifier.Core.Enrichment;
using Verifier.Core.Verification;

namespace Verifier.Core.Tests.Enrichment;

public sealed class EnricherTests
{
    [Theory]
    [InlineData("alice", "example.com", false, false, false)]
    [InlineData("alice", "gmail.com", false, false, true)]
    [InlineData("info", "example.com", false, true, false)]
    [InlineData("No-Reply+x", "gmail.com", false, true, true)]
    [InlineData("bob", "mailinator.com", true, false, false)]
    [InlineData("admin", "a.b.mailinator.com", true, true, false)]
    public void Sets_the_flags(string localPart, string domain, bool disposable, bool role, bool free)
    {
        var result = Enricher.Enrich(localPart, domain);

        Assert.Equal(new RiskFlags(disposable, role, free), result.Flags);
        Assert.Null(result.Suggestion);
        Assert.False(result.KnownTypoDomain);
    }

    [Fact]
    public void Suggests_the_corrected_address_with_the_local_part_as_typed()
    {
        var result = Enricher.Enrich("Alice.Smith", "gmial.com");

        Assert.Equal("Alice.Smith@gmail.com", result.Suggestion);
        Assert.True(result.KnownTypoDomain);
        Assert.Equal(RiskFlags.None, result.Flags);
    }

    [Fact]
    public void A_registered_typo_domain_can_be_disposable_too()
    {
        var result = Enricher.Enrich("bob", "gmai.com");

        Assert.True(result.Flags.Disposable);
        Assert.True(result.KnownTypoDomain);
        Assert.Equal("bob@gmail.com", result.Suggestion);
    }

    [Theory]
    [InlineData("gmial.com", true, "bob@gmail.com")]   // known typo domain: shown although it receives mail
    [InlineData("gmial.com", false, "bob@gmail.com")]
    [InlineData("gmeel.com", false, null)]             // no candidate at all
    [InlineData("hotmaul.com", false, "bob@hotmail.com")] // no mail server: shown
    [InlineData("hotmaul.com", true, null)]            // receives mail and is not a known typo: not shown
    public void Shows_the_suggestion_only_without_a_mail_server_or_for_a_known_typo_domain(
        string domain, bool hasMailServer, string? shown)
    {
        Assert.Equal(shown, Enricher.Enrich("bob", domain).SuggestionToShow(hasMailServer));
    }

    [Fact]
    public void Enriching_an_address_without_a_suggestion_does_not_allocate()
    {
        var allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                Enricher.Enrich("info+x", "a.b.mailinator.com");
                Enricher.Enrich("alice", "example.org");
                Enricher.Enrich("alice", "gmail.com");
            }
        });

        Assert.Equal(0, allocated);
    }
}
