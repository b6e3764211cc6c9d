using Microsoft.Extensions.Logging;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Security;

/// <summary>Addresses are personal data: no log entry at Information level or above carries one.</summary>
public sealed class AddressPrivacyTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    [Fact]
    public async Task No_address_appears_in_logs_at_information_or_above()
    {
        world.Smtp.Reply("bob@ok.test", 550, "5.1.1 <bob@ok.test>: Recipient address rejected: User unknown");
        var logs = new LogCapture();
        await using var app = SecurityWorld.App(world.KeyedSettings(new Dictionary<string, string?> { ["Verifier:Auth:PublishableNewDomainsPerMinute"] = "1" }), logs);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.SecretKey);
        string[] addresses = ["alice@ok.test", "bob@ok.test", "carol@d7.test", "dave@missing.test", "erin..x@ok.test", "frank@[127.0.0.1]"];

        foreach (var email in addresses)
        {
            await client.GetJsonAsync($"/v1/verify?email={Uri.EscapeDataString(email)}&refresh=true");
            await client.PostJsonAsync("/v1/verify", new { email, smtp = false });
        }

        using var publishable = app.CreateClient();
        publishable.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.PublishableKey);
        publishable.DefaultRequestHeaders.Add("Origin", SecurityWorld.ShopOrigin);
        await publishable.GetJsonAsync("/v1/verify?email=grace@d8.test");
        await publishable.GetJsonAsync("/v1/verify?email=heidi@d9.test");

        var visible = logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.Contains(visible, e => e.AllText.Contains("h***@d9.test", StringComparison.Ordinal));
        foreach (var email in addresses.Append("grace@d8.test").Append("heidi@d9.test"))
        {
            var local = email[..email.LastIndexOf('@')];
            Assert.DoesNotContain(visible, e => e.AllText.Contains(email, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(visible, e => e.AllText.Contains(Uri.EscapeDataString(email), StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(visible, e => e.AllText.Contains(local + "@", StringComparison.OrdinalIgnoreCase));
        }
    }
}
