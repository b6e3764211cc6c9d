namespace Verifier.Api.Tests.Infrastructure;

/// <summary>A bad configuration stops the process at start, with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Production_without_a_probe_identity_does_not_start()
    {
        using var app = new VerifierApplication(new Dictionary<string, string?>(), environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Verifier:Smtp:HeloName", Flatten(error), StringComparison.Ordinal);
        Assert.Contains("Verifier:Smtp:MailFrom", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_with_a_probe_identity_starts()
    {
        using var app = new VerifierApplication(
            new Dictionary<string, string?>
            {
                ["Verifier:Smtp:HeloName"] = "probe.example.test",
                ["Verifier:Smtp:MailFrom"] = "verify@example.test",
            },
            environment: "Production");

        using var client = app.CreateClient();
        Assert.NotNull(client);
    }

    [Theory]
    [InlineData("Verifier:Smtp:Port", "0", "Port")]
    [InlineData("Verifier:Smtp:MaxSessionsPerHost", "0", "MaxSessionsPerHost")]
    [InlineData("Verifier:Smtp:AllowedNetworks:0", "not-a-network", "AllowedNetworks")]
    [InlineData("Verifier:Dns:Servers:0", "1.2.3.4:notaport", "Servers")]
    [InlineData("Verifier:Dns:Timeout", "00:30:00", "Timeout")]
    [InlineData("Verifier:Cache:Unknown", "30.00:00:00", "Unknown")]
    [InlineData("Verifier:Verification:DefaultTimeout", "00:00:00", "DefaultTimeout")]
    public void Out_of_range_values_stop_the_start(string key, string value, string named)
    {
        using var app = new VerifierApplication(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? "" : " | " + Flatten(error.InnerException));
}
