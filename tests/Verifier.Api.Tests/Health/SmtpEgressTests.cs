using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Core.Smtp;

namespace Verifier.Api.Tests.Health;

/// <summary>Blocked outbound port 25 is reported in readiness and in results, never as bad addresses.</summary>
public sealed class SmtpEgressTests(MailWorld world) : IClassFixture<MailWorld>
{
    [Fact]
    public async Task Unreachable_mx_hosts_of_many_domains_are_reported_as_blocked_egress_until_a_connection_succeeds()
    {
        for (var i = 0; i < SmtpEgressMonitor.DomainsBeforeSuspicion; i++)
        {
            world.Dns.Mx($"far{i}.test", 10, $"mx.far{i}.test").A($"mx.far{i}.test", MailWorld.NothingListening.ToString());
        }

        JsonElement last = default;
        for (var i = 0; i < SmtpEgressMonitor.DomainsBeforeSuspicion; i++)
        {
            last = await world.Client.GetJsonAsync($"/v1/verify?email=someone@far{i}.test");
            Assert.Equal("unknown", last.Str("verdict"));
        }

        Assert.Contains("Outbound SMTP looks blocked", last.Str("checks.smtp.error"), StringComparison.Ordinal);
        var ready = await ReadyAsync();
        Assert.Equal("Degraded", ready.Str("checks.smtp-egress.status"));

        await world.Client.GetJsonAsync("/v1/verify?email=alice@ok.test&refresh=true");

        ready = await ReadyAsync();
        Assert.Equal("Healthy", ready.Str("checks.smtp-egress.status"));
    }

    private async Task<JsonElement> ReadyAsync()
    {
        using var response = await world.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
