using System.Net;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Api.Tests.Security;

namespace Verifier.Api.Tests.Widget;

/// <summary><c>/demo/signup</c>: on in Development, off elsewhere unless enabled; its keys, when given, must be configured ones.</summary>
public sealed class DemoPageTests
{
    [Fact]
    public async Task The_demo_is_served_in_development_under_a_strict_csp_with_the_widget()
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/demo/signup", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/widget.js\" defer></script>", html, StringComparison.Ordinal);
        Assert.Contains("type=\"email\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.NotFound)]
    [InlineData("false", HttpStatusCode.NotFound)]
    [InlineData("true", HttpStatusCode.OK)]
    public async Task In_production_the_demo_is_off_unless_enabled(string? enabled, HttpStatusCode expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Verifier:Smtp:HeloName"] = "probe.example.test",
            ["Verifier:Smtp:MailFrom"] = "verify@example.test",
        };
        if (enabled is not null)
        {
            settings["Verifier:Demo:Enabled"] = enabled;
        }

        await using var app = new VerifierApplication(settings, "Production");
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/demo/signup", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task With_keys_configured_the_demo_names_its_own_keys_and_says_so_when_they_are_missing()
    {
        var keyed = new Dictionary<string, string?>
        {
            ["Verifier:Auth:ApiKeys:0"] = SecurityWorld.SecretKey,
            ["Verifier:Auth:PublishableKeys:0:Key"] = SecurityWorld.PublishableKey,
            ["Verifier:Auth:PublishableKeys:0:Origins:0"] = "http://localhost",
        };
        await using var unconfigured = new VerifierApplication(keyed);
        await using var configured = new VerifierApplication(new Dictionary<string, string?>(keyed)
        {
            ["Verifier:Demo:PublishableKey"] = SecurityWorld.PublishableKey,
            ["Verifier:Demo:SecretKey"] = SecurityWorld.SecretKey,
        });

        using var missing = await unconfigured.CreateClient().GetAsync(new Uri("/demo/signup", UriKind.Relative));
        var html = await configured.CreateClient().GetStringAsync(new Uri("/demo/signup", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, missing.StatusCode);
        Assert.Contains("Verifier:Demo:PublishableKey", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"data-key=\"{SecurityWorld.PublishableKey}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityWorld.SecretKey, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Verifier:Demo:PublishableKey", "pk_not_configured_anywhere_1")]
    [InlineData("Verifier:Demo:SecretKey", "sk_not_configured_anywhere_1")]
    public async Task A_demo_key_the_service_does_not_know_stops_the_start(string key, string value)
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>
        {
            ["Verifier:Auth:ApiKeys:0"] = SecurityWorld.SecretKey,
            [key] = value,
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("same-origin", HttpStatusCode.OK)]
    [InlineData("cross-site", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Forbidden)]
    public async Task A_page_of_the_service_itself_may_use_a_publishable_key_listing_the_services_origin(string? fetchSite, HttpStatusCode expected)
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>
        {
            ["Verifier:Auth:ApiKeys:0"] = SecurityWorld.SecretKey,
            ["Verifier:Auth:PublishableKeys:0:Key"] = SecurityWorld.PublishableKey,
            ["Verifier:Auth:PublishableKeys:0:Origins:0"] = "http://localhost",
        });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/verify?email=a@%5B192.0.2.1%5D&smtp=false");
        request.Headers.Add("X-Api-Key", SecurityWorld.PublishableKey);
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
