using System.Net;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Security;

/// <summary><c>/metrics</c>: open by default (the design's contract), only for secret keys with <c>Verifier:Metrics:RequireApiKey</c>.</summary>
public sealed class MetricsAccessTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private static readonly Dictionary<string, string?> Guarded = new() { ["Verifier:Metrics:RequireApiKey"] = "true" };

    [Fact]
    public async Task By_default_metrics_need_no_key_even_when_keys_are_configured()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Api-Key", SecurityWorld.SecretKey)]
    [InlineData("X-Api-Key", SecurityWorld.HashedSecretKey)]
    [InlineData("Authorization", "Bearer " + SecurityWorld.SecretKey)]
    [InlineData("Authorization", "bearer  " + SecurityWorld.SecretKey)]
    public async Task When_required_a_secret_key_reads_metrics(string header, string value)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(Guarded));
        using var client = app.CreateClient();

        using var response = await SendAsync(client, (header, value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-Api-Key", "")]
    [InlineData("X-Api-Key", "sk_test_0123456789abcdeX")]
    [InlineData("X-Api-Key", SecurityWorld.PublishableKey)]
    [InlineData("Authorization", SecurityWorld.SecretKey)]
    [InlineData("Authorization", "Basic " + SecurityWorld.SecretKey)]
    [InlineData("Authorization", "Bearer " + SecurityWorld.PublishableKey)]
    public async Task When_required_anything_but_a_secret_key_is_401_problem_details(string? header, string? value)
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(Guarded));
        using var client = app.CreateClient();

        using var response = await SendAsync(client, header is null ? [] : [(header, value!)]);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task When_required_a_key_in_both_headers_is_refused()
    {
        await using var app = SecurityWorld.App(world.KeyedSettings(Guarded));
        using var client = app.CreateClient();

        using var response = await SendAsync(client, ("X-Api-Key", SecurityWorld.SecretKey), ("Authorization", "Bearer " + SecurityWorld.SecretKey));

        await AssertUnauthorizedAsync(response);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("secret API key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
