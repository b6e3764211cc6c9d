using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Api.Infrastructure;
using Verifier.Api.Security;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Security;

/// <summary>Secret and publishable keys: who gets in, where, from which origin; CORS; the open mode and its warning.</summary>
public sealed class ApiKeyTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private const string Verify = "/v1/verify?email=alice@ok.test&smtp=false";

    [Fact]
    public async Task Without_configured_keys_the_api_is_open_and_one_warning_is_logged()
    {
        var logs = new LogCapture();
        await using var app = SecurityWorld.App(world.Settings(), logs);
        using var client = app.CreateClient();

        var result = await client.GetJsonAsync(Verify);
        await client.GetJsonAsync(Verify);

        Assert.Equal("smtp_not_checked", result.Str("reason"));
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("No API key is configured", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
    }

    [Fact]
    public async Task With_keys_configured_no_warning_is_logged()
    {
        var logs = new LogCapture();
        await using var app = SecurityWorld.App(world.KeyedSettings(), logs);
        using var client = app.CreateClient();

        await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("No API key is configured", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk_test_0123456789abcdeX")]
    [InlineData("sk_test_0123456789abcde")]
    [InlineData("sk_test_0123456789abcdef ")]
    [InlineData("pk_test_signup_form_0001x")]
    public async Task A_missing_or_wrong_key_is_401_with_www_authenticate(string? key)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Verify);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        using var response = await client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("urn:verifier:problem:unauthorized", problem.GetProperty("type").GetString());
        Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData(SecurityWorld.SecretKey)]
    [InlineData(SecurityWorld.HashedSecretKey)]
    public async Task A_secret_key_opens_every_endpoint(string key)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var get = await client.GetJsonAsync("/v1/verify?email=alice@ok.test");
        var post = await client.PostJsonAsync("/v1/verify", new { email = "alice@ok.test", smtp = false });

        Assert.Equal("accepted", get.Str("reason"));
        Assert.Equal("alice@ok.test", post.Str("normalized"));
    }

    [Fact]
    public async Task Two_keys_in_one_request_are_refused()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Verify);
        request.Headers.TryAddWithoutValidation("X-Api-Key", [SecurityWorld.SecretKey, "other"]);

        using var response = await client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_secret_key_in_the_query_string_is_refused()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(Verify + "&key=" + SecurityWorld.SecretKey, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("header", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Health_and_documentation_stay_open(string path)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_root_page_is_not_asked_for_a_key()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        // The page itself, not merely "not refused": a 404 or a 500 would fail here too.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Verifier", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "https://shop.example")]
    [InlineData(false, "https://shop.example")]
    [InlineData(true, "http://localhost:5173")]
    [InlineData(true, "HTTPS://Shop.Example")]
    public async Task A_publishable_key_works_on_get_verify_from_its_origins(bool inHeader, string origin)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, inHeader ? Verify : Verify + "&key=" + SecurityWorld.PublishableKey);
        request.Headers.Add("Origin", origin);
        if (inHeader)
        {
            request.Headers.Add("X-Api-Key", SecurityWorld.PublishableKey);
        }

        using var response = await client.SendAsync(request);

        var result = await HttpJson.ReadAsync(response);
        Assert.Equal("smtp_not_checked", result.Str("reason"));
        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example")]
    [InlineData("https://shop.example.evil.example")]
    [InlineData("http://shop.example")]
    [InlineData("null")]
    public async Task A_publishable_key_from_another_origin_is_403(string? origin)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Verify);
        request.Headers.Add("X-Api-Key", SecurityWorld.PublishableKey);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("urn:verifier:problem:forbidden", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("POST", "/v1/verify")]
    [InlineData("POST", "/v1/verify/batch")]
    [InlineData("GET", "/v1/jobs/123")]
    [InlineData("DELETE", "/v1/jobs/123")]
    [InlineData("GET", "/v1/domains/ok.test")]
    public async Task A_publishable_key_is_403_anywhere_but_get_verify(string method, string path)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", SecurityWorld.PublishableKey);
        request.Headers.Add("Origin", SecurityWorld.ShopOrigin);
        if (method == "POST")
        {
            request.Content = JsonContent("{\"email\":\"alice@ok.test\"}");
        }

        using var response = await client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cors_preflight_from_a_publishable_origin_allows_get_with_the_key_header()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Preflight("/v1/verify", SecurityWorld.ShopOrigin, "GET"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(SecurityWorld.ShopOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/v1/verify", "https://evil.example", "GET")]
    [InlineData("/v1/verify", SecurityWorld.ShopOrigin, "POST")]
    [InlineData("/v1/verify/batch", SecurityWorld.ShopOrigin, "POST")]
    [InlineData("/v1/jobs", SecurityWorld.ShopOrigin, "GET")]
    public async Task Other_cors_preflights_are_403(string path, string origin, string method)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Preflight(path, origin, method));

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("Verifier:Auth:ApiKeys:0", "short", "ApiKeys:0")]
    [InlineData("Verifier:Auth:ApiKeys:0", "sha256:abcd", "ApiKeys:0")]
    [InlineData("Verifier:Auth:ApiKeys:0", "has a space in the key 123", "ApiKeys:0")]
    [InlineData("Verifier:Auth:PublishableKeys:0:Key", "pk_test_without_origins_1", "Origins")]
    [InlineData("Verifier:Auth:PublishableNewDomainsPerMinute", "0", "PublishableNewDomainsPerMinute")]
    [InlineData("Verifier:RateLimit:PermitsPerMinute", "0", "PermitsPerMinute")]
    [InlineData("Verifier:RateLimit:PublishablePermitsPerMinute", "-1", "PublishablePermitsPerMinute")]
    public void Bad_security_settings_stop_the_start(string key, string value, string named)
    {
        var errors = StartFails(world.Settings(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(named, errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shop.example")]
    [InlineData("https://shop.example/path")]
    [InlineData("ftp://shop.example")]
    public void A_publishable_origin_must_be_a_web_origin(string origin)
    {
        var errors = StartFails(world.Settings(new Dictionary<string, string?>
        {
            ["Verifier:Auth:PublishableKeys:0:Key"] = "pk_test_bad_origin_0001",
            ["Verifier:Auth:PublishableKeys:0:Origins:0"] = origin,
        }));

        Assert.Contains("is not a web origin", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_cannot_be_both_secret_and_publishable()
    {
        var errors = StartFails(world.KeyedSettings(new Dictionary<string, string?>
        {
            ["Verifier:Auth:PublishableKeys:0:Key"] = SecurityWorld.SecretKey,
        }));

        Assert.Contains("also a secret key", errors, StringComparison.Ordinal);
    }

    internal static HttpRequestMessage Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        return request;
    }

    internal static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>
    /// Asserts that the application does not start, and returns the validation messages of the security options.
    /// They are read from the options themselves: when a host fails to start, the test host sometimes reports its own
    /// disposal instead of the start-up error.
    /// </summary>
    private static string StartFails(Dictionary<string, string?> settings)
    {
        using (var app = new VerifierApplication(settings))
        {
            Assert.ThrowsAny<Exception>(() => app.CreateClient());
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddVerifierOptions();
        using var provider = builder.Services.BuildServiceProvider();
        var auth = Record.Exception(() => provider.GetRequiredService<IOptions<AuthOptions>>().Value);
        var limits = Record.Exception(() => provider.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return $"{auth?.Message} {limits?.Message}";
    }
}
