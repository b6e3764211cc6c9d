using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Operations;

/// <summary>What reaches the logs at Information and above while addresses are verified, and how it is formatted.</summary>
[Collection(OperationsWorld.Collection)]
public sealed class LoggingTests(OperationsWorld world) : IClassFixture<OperationsWorld>
{
    [Fact]
    public async Task No_address_is_logged_at_information_or_above_and_every_request_line_has_its_request_id()
    {
        var logs = new CapturingLoggerProvider();
        using var client = world.CreateApplication(logs).CreateClient();

        foreach (var email in OperationsWorld.Addresses)
        {
            await client.GetJsonAsync($"/v1/verify?email={Uri.EscapeDataString(email)}&refresh=true");
            await client.PostJsonAsync("/v1/verify", new { email, refresh = true });
        }

        await client.PostJsonAsync("/v1/verify/batch", new { emails = OperationsWorld.Addresses, smtp = true, refresh = true });

        var entries = logs.Entries.ToList();
        Assert.Contains(entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        foreach (var entry in entries)
        {
            foreach (var address in OperationsWorld.Addresses)
            {
                Assert.False(entry.ToString().Contains(address, StringComparison.OrdinalIgnoreCase), $"address in a log entry: {entry}");
            }

            Assert.DoesNotContain("%40", entry.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        var duringRequests = entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal)).ToList();
        Assert.All(duringRequests, entry => Assert.False(string.IsNullOrEmpty(entry.Scopes.GetValueOrDefault("RequestId")), $"no RequestId scope: {entry}"));
        Assert.All(duringRequests, entry => Assert.True(entry.Scopes.ContainsKey("TraceId"), $"no TraceId scope: {entry}"));
    }

    [Fact]
    public async Task Every_line_of_one_request_carries_the_same_request_id()
    {
        var logs = new CapturingLoggerProvider();
        var application = world.CreateApplication(logs);
        using var client = application.CreateClient();

        using var response = await client.GetAsync(new Uri("/v1/smtp-codes/550", UriKind.Relative));
        response.EnsureSuccessStatusCode();

        var ids = logs.Entries
            .Where(e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal))
            .Select(e => e.Scopes.GetValueOrDefault("RequestId"))
            .Distinct()
            .ToList();
        var id = Assert.Single(ids);
        Assert.False(string.IsNullOrEmpty(id));
    }

    [Fact]
    public void Outside_development_logs_are_json_lines_with_scopes()
    {
        var application = world.CreateApplication(environment: "Production");

        var console = application.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = application.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
    }

    [Fact]
    public void Development_logs_are_the_simple_format()
    {
        var application = world.CreateApplication();

        var console = application.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Simple, console.FormatterName);
    }
}
