using Verifier.Core.Enrichment;

namespace Verifier.Core.Tests.Enrichment;

public sealed class FreeProvidersTests
{
    [Theory]
    [InlineData("gmail.com")]
    [InlineData("googlemail.com")]
    [InlineData("outlook.com")]
    [InlineData("hotmail.com")]
    [InlineData("hotmail.co.uk")]
    [InlineData("hotmail.fr")]
    [InlineData("live.com")]
    [InlineData("yahoo.com")]
    [InlineData("yahoo.co.jp")]
    [InlineData("aol.com")]
    [InlineData("icloud.com")]
    [InlineData("me.com")]
    [InlineData("gmx.de")]
    [InlineData("gmx.net")]
    [InlineData("web.de")]
    [InlineData("mail.ru")]
    [InlineData("yandex.ru")]
    [InlineData("proton.me")]
    [InlineData("protonmail.com")]
    [InlineData("zoho.com")]
    [InlineData("tutanota.com")]
    [InlineData("qq.com")]
    [InlineData("naver.com")]
    [InlineData("GMAIL.COM")]
    [InlineData("gmail.com.")]
    public void Lists_free_providers(string domain)
    {
        Assert.True(FreeProviders.Contains(domain));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("microsoft.com")]
    [InlineData("mit.edu")]
    [InlineData("corp.gmail.com")]
    [InlineData("mailinator.com")]
    [InlineData("gmial.com")]
    [InlineData("hotmail.co")]
    [InlineData("")]
    public void Does_not_list_companies_subdomains_disposable_or_typo_domains(string domain)
    {
        Assert.False(FreeProviders.Contains(domain));
    }

    [Fact]
    public void No_free_domain_is_disposable_or_a_known_typo()
    {
        Assert.True(FreeProviders.Count > 5_000, $"{FreeProviders.Count} domains");
        Assert.All(TypoSuggester.KnownTypoDomains.Keys, typo => Assert.False(FreeProviders.Contains(typo), typo));
    }
}
