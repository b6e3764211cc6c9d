using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Verifier.Api.Infrastructure;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>A bad configuration stops the process at start, with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task Production_without_a_probe_identity_does_not_start()
    {
        await using var api = ApiProcess.Start(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Verifier:Smtp:HeloName", api.Output, StringComparison.Ordinal);
        Assert.Contains("Verifier:Smtp:MailFrom", api.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_with_a_probe_identity_is_valid()
    {
        var failures = Validate(
            new Dictionary<string, string?>
            {
                ["Verifier:Smtp:HeloName"] = "probe.example.test",
                ["Verifier:Smtp:MailFrom"] = "verify@example.test",
            },
            environment: "Production");

        Assert.Empty(failures);
    }

    [Fact]
    public void Development_defaults_the_probe_identity() => Assert.Empty(Validate([], environment: "Development"));

    [Fact]
    public void Metrics_may_require_a_key_when_a_secret_key_is_configured()
    {
        var failures = Validate(
            new Dictionary<string, string?>
            {
                ["Verifier:Metrics:RequireApiKey"] = "true",
                ["Verifier:Auth:ApiKeys:0"] = "sk_test_0123456789abcdef",
            },
            environment: "Development");

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("Verifier:Smtp:Port", "0", "Port")]
    [InlineData("Verifier:Smtp:MaxSessionsPerHost", "0", "MaxSessionsPerHost")]
    [InlineData("Verifier:Smtp:StopGrace", "00:05:00", "StopGrace")]
    [InlineData("Verifier:Smtp:AllowedNetworks:0", "not-a-network", "AllowedNetworks")]
    [InlineData("Verifier:Dns:Servers:0", "1.2.3.4:notaport", "Verifier:Dns:Servers:0")]
    [InlineData("Verifier:Dns:Timeout", "00:30:00", "Timeout")]
    [InlineData("Verifier:Cache:Unknown", "30.00:00:00", "Unknown")]
    [InlineData("Verifier:Verification:DefaultTimeout", "00:00:00", "DefaultTimeout")]
    [InlineData("Verifier:Batch:MaxAddresses", "0", "MaxAddresses")]
    [InlineData("Verifier:Metrics:RequireApiKey", "true", "Verifier:Metrics:RequireApiKey")]
    public void Out_of_range_values_are_refused_naming_the_key(string key, string value, string named)
    {
        var failures = Validate(new Dictionary<string, string?> { [key] = value }, environment: "Development");

        Assert.Contains(failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    /// <summary>Runs the same start-up validation the host runs (ValidateOnStart), without starting a server.</summary>
    private static List<string> Validate(Dictionary<string, string?> settings, string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddVerifierOptions();
        using var services = builder.Services.BuildServiceProvider();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException error)
        {
            return [.. error.Failures];
        }
        catch (AggregateException errors)
        {
            return [.. errors.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)];
        }
    }
}
