using System.Net;
using System.Text;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Security;

/// <summary>Rate limits per caller (429 with Retry-After), body limits (413), and the publishable key's new-domain limit.</summary>
public sealed class LimitTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    [Fact]
    public async Task A_secret_key_beyond_its_permits_gets_429_with_retry_after()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(new Dictionary<string, string?> { ["Verifier:RateLimit:PermitsPerMinute"] = "3" }));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.SecretKey);

        for (var i = 0; i < 3; i++)
        {
            await client.GetJsonAsync("/v1/verify?email=not-an-address");
        }

        using var refused = await client.GetAsync(new Uri("/v1/verify?email=not-an-address", UriKind.Relative));

        var problem = await ApiKeyTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:verifier:problem:too-many-requests", problem.GetProperty("type").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, refused.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Each_secret_key_has_its_own_bucket_and_health_is_never_limited()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(new Dictionary<string, string?> { ["Verifier:RateLimit:PermitsPerMinute"] = "2" }));
        using var first = app.CreateClient();
        using var second = app.CreateClient();
        first.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.SecretKey);
        second.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.HashedSecretKey);

        for (var i = 0; i < 2; i++)
        {
            await first.GetJsonAsync("/v1/verify?email=x");
        }

        using var refused = await first.GetAsync(new Uri("/v1/verify?email=x", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        await second.GetJsonAsync("/v1/verify?email=x");
        for (var i = 0; i < 10; i++)
        {
            using var health = await first.GetAsync(new Uri("/health/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Fact]
    public async Task An_open_api_is_limited_per_client()
    {
        await using var app = SecurityWorld.App(world.Settings(new Dictionary<string, string?> { ["Verifier:RateLimit:PermitsPerMinute"] = "2" }));
        using var client = app.CreateClient();

        await client.GetJsonAsync("/v1/verify?email=x");
        await client.GetJsonAsync("/v1/verify?email=x");
        using var refused = await client.GetAsync(new Uri("/v1/verify?email=x", UriKind.Relative));

        await ApiKeyTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_publishable_key_has_the_lower_limit()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(new Dictionary<string, string?> { ["Verifier:RateLimit:PublishablePermitsPerMinute"] = "2" }));
        using var client = app.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.SendAsync(Publishable("/v1/verify?email=x"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await client.SendAsync(Publishable("/v1/verify?email=x"));
        await ApiKeyTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(SecurityWorld.ShopOrigin, refused.Headers.GetValues("Access-Control-Allow-Origin").Single());

        client.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.SecretKey);
        await client.GetJsonAsync("/v1/verify?email=x");
    }

    [Fact]
    public async Task A_publishable_key_probes_at_most_n_new_domains_a_minute_then_answers_from_dns()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(new Dictionary<string, string?> { ["Verifier:Auth:PublishableNewDomainsPerMinute"] = "2" }));
        using var client = app.CreateClient();

        var first = await PublishableJson(client, "/v1/verify?email=someone@d1.test");
        var second = await PublishableJson(client, "/v1/verify?email=someone@d2.test");
        var sessions = world.Smtp.Sessions.Count;
        using var third = await client.SendAsync(Publishable("/v1/verify?email=someone@d3.test"));
        var limited = await HttpJson.ReadAsync(third);
        var again = await PublishableJson(client, "/v1/verify?email=other@d1.test");

        Assert.Equal("catch_all", first.Str("reason"));
        Assert.Equal("catch_all", second.Str("reason"));
        Assert.Equal("smtp_not_checked", limited.Str("reason"));
        Assert.Equal("resolved", limited.Str("checks.domain.status"));
        Assert.Equal("new-domains-per-minute", third.Headers.GetValues("X-Smtp-Limited").Single());
        Assert.DoesNotContain(world.Smtp.Sessions.Skip(sessions).SelectMany(s => s.Recipients), r => r.EndsWith("@d3.test", StringComparison.Ordinal));
        Assert.Equal("catch_all", again.Str("reason"));

        // A secret key is not limited that way.
        client.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.SecretKey);
        var secret = await client.GetJsonAsync("/v1/verify?email=someone@d4.test");
        Assert.Equal("catch_all", secret.Str("reason"));
    }

    [Fact]
    public async Task A_publishable_key_cannot_bypass_the_cache()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        await PublishableJson(client, "/v1/verify?email=someone@d5.test");
        var refreshed = await PublishableJson(client, "/v1/verify?email=someone@d5.test&refresh=true");

        Assert.Equal("True", refreshed.Str("cached"));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413_before_it_is_read()
    {
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var body = "{\"email\":\"" + new string('a', 70 * 1024) + "@ok.test\"}";

        using var response = await client.PostAsync(new Uri("/v1/verify", UriKind.Relative), ApiKeyTests.JsonContent(body));

        var problem = await ApiKeyTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:verifier:problem:payload-too-large", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_at_the_limit()
    {
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var bytes = Encoding.UTF8.GetBytes("{\"email\":\"" + new string('a', 200 * 1024) + "@ok.test\"}");
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(new Uri("/v1/verify", UriKind.Relative), content);

        await ApiKeyTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_under_the_limit_is_read()
    {
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var bytes = Encoding.UTF8.GetBytes("{\"email\":\"not-an-address\",\"padding\":\"" + new string(' ', 60 * 1024) + "\"}");
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(new Uri("/v1/verify", UriKind.Relative), content);

        Assert.Equal("invalid_syntax", (await HttpJson.ReadAsync(response)).Str("reason"));
    }

    private static HttpRequestMessage Publishable(string uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("X-Api-Key", SecurityWorld.PublishableKey);
        request.Headers.Add("Origin", SecurityWorld.ShopOrigin);
        return request;
    }

    private static async Task<System.Text.Json.JsonElement> PublishableJson(HttpClient client, string uri)
    {
        using var response = await client.SendAsync(Publishable(uri));
        return await HttpJson.ReadAsync(response);
    }

    /// <summary>A body whose length the client cannot know, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
