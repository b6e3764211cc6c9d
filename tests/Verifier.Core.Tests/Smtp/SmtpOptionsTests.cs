using System.ComponentModel.DataAnnotations;
using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Smtp;

public class SmtpOptionsTests
{
    private static List<ValidationResult> Validate(SmtpOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Defaults_are_valid_and_as_documented()
    {
        var options = new SmtpOptions();

        Assert.Empty(Validate(options));
        Assert.Equal("Verifier:Smtp", SmtpOptions.SectionName);
        Assert.Equal(25, options.Port);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ProbeTimeout);
        Assert.Equal(2, options.MaxSessionsPerHost);
        Assert.Equal(50, options.MaxRecipientsPerSession);
        Assert.Equal(3, options.MaxHostsToTry);
        Assert.Equal(4096, options.MaxReplyLineBytes);
        Assert.Equal(100, options.MaxReplyLines);
    }

    [Theory]
    [InlineData(nameof(SmtpOptions.AllowedNetworks))]
    [InlineData(nameof(SmtpOptions.Proxy))]
    [InlineData(nameof(SmtpOptions.Port))]
    [InlineData(nameof(SmtpOptions.MaxSessionsPerHost))]
    [InlineData(nameof(SmtpOptions.CommandTimeout))]
    [InlineData(nameof(SmtpOptions.MailFrom))]
    public void Rejects_bad_values(string property)
    {
        var options = new SmtpOptions();
        switch (property)
        {
            case nameof(SmtpOptions.AllowedNetworks): options.AllowedNetworks.Add("10.0.0.0/40"); break;
            case nameof(SmtpOptions.Proxy): options.Proxy = "http://proxy.test:3128"; break;
            case nameof(SmtpOptions.Port): options.Port = 0; break;
            case nameof(SmtpOptions.MaxSessionsPerHost): options.MaxSessionsPerHost = 0; break;
            case nameof(SmtpOptions.CommandTimeout): options.CommandTimeout = TimeSpan.Zero; break;
            case nameof(SmtpOptions.MailFrom): options.MailFrom = "verify@probe.test>\r\nDATA"; break;
        }

        var results = Validate(options);

        Assert.Contains(results, result => result.MemberNames.Contains(property));
    }

    [Theory]
    [InlineData("socks5://proxy.test:1080", "proxy.test", 1080, null, null)]
    [InlineData("socks5://proxy.test", "proxy.test", 1080, null, null)]
    [InlineData("socks5://probe:s%40cret@10.0.0.5:9050", "10.0.0.5", 9050, "probe", "s@cret")]
    [InlineData("socks5://[::1]:1080", "::1", 1080, null, null)]
    public void Parses_the_proxy(string text, string host, int port, string? user, string? password)
    {
        Assert.True(SmtpProxy.TryParse(text, out var proxy, out _));
        Assert.Equal(host, proxy.Host);
        Assert.Equal(port, proxy.Port);
        Assert.Equal(user, proxy.Credentials?.UserName);
        Assert.Equal(password, proxy.Credentials?.Password);
        Assert.DoesNotContain("cret", proxy.ToString(), StringComparison.Ordinal);
    }
}
