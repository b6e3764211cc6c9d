using Verifier.Core.Domains;

namespace Verifier.Core.Tests.Domains;

public sealed class DomainNameTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("mail.example.co.uk", "mail.example.co.uk")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("例え.テスト", "xn--r8jz45g.xn--zckzah")]
    public void Valid_domains_are_normalised_to_a_labels(string input, string expected)
    {
        Assert.True(DomainName.TryNormalize(input, out var domain, out var error), error);
        Assert.Equal(expected, domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..b")]
    [InlineData(".example.com")]
    [InlineData("example")]
    [InlineData("exa mple.com")]
    [InlineData("example.com\r\nRCPT TO:<x@y>")]
    [InlineData("exa\u0000mple.com")]
    [InlineData("-example.com")]
    [InlineData("example-.com")]
    [InlineData("exa_mple.com")]
    [InlineData("192.0.2.1")]
    [InlineData("[192.0.2.1]")]
    [InlineData("user@example.com")]
    [InlineData("xn--zz.example")]
    public void Malformed_domains_are_refused_with_a_reason(string input)
    {
        Assert.False(DomainName.TryNormalize(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Over_long_domains_and_labels_are_refused()
    {
        Assert.False(DomainName.TryNormalize(new string('a', 64) + ".com", out _, out _));
        Assert.False(DomainName.TryNormalize(string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".com", out _, out _));
        Assert.False(DomainName.TryNormalize(new string('a', 300), out _, out _));
        Assert.True(DomainName.TryNormalize(string.Join('.', Enumerable.Repeat(new string('a', 61), 4)) + ".com", out _, out _));
    }
}
