using System.ComponentModel.DataAnnotations;
using Verifier.Core.Dns;

namespace Verifier.Core.Tests.Dns;

public sealed class DnsOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_documented_values()
    {
        var options = new DnsOptions();

        Assert.Equal("Verifier:Dns", DnsOptions.SectionName);
        Assert.Empty(options.Servers);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(1, options.Retries);
        Assert.Equal(5, options.MaxMailExchangers);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxTimeToLive);
        Assert.Equal(TimeSpan.FromMinutes(5), options.NegativeTimeToLive);
        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData(nameof(DnsOptions.Retries))]
    [InlineData(nameof(DnsOptions.MaxMailExchangers))]
    [InlineData(nameof(DnsOptions.Timeout))]
    [InlineData(nameof(DnsOptions.NegativeTimeToLive))]
    public void Out_of_range_values_are_reported(string member)
    {
        var options = new DnsOptions();
        switch (member)
        {
            case nameof(DnsOptions.Retries): options.Retries = -1; break;
            case nameof(DnsOptions.MaxMailExchangers): options.MaxMailExchangers = 0; break;
            case nameof(DnsOptions.Timeout): options.Timeout = TimeSpan.Zero; break;
            case nameof(DnsOptions.NegativeTimeToLive): options.NegativeTimeToLive = TimeSpan.FromDays(2); break;
        }

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(member));
    }

    private static List<ValidationResult> Validate(DnsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
