using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Verifier.Api.Tests.Security;

namespace Verifier.Api.Tests.Tokens;

/// <summary>
/// Two tenants on one service: each has a secret key and a publishable key bound to it, for its own web origin.
/// DNS and SMTP on loopback come from <see cref="SecurityWorld"/> (alice@ok.test exists, bob@ok.test does not).
/// </summary>
public sealed class TokenWorld : IAsyncLifetime
{
    public const string SecretA = "sk_tenant_a_0123456789abcdef";
    public const string SecretB = "sk_tenant_b_0123456789abcdef";
    public const string PublishableA = "pk_tenant_a_signup_form_01";
    public const string PublishableB = "pk_tenant_b_signup_form_01";
    public const string OriginA = "https://shop-a.example";
    public const string OriginB = "https://shop-b.example";

    /// <summary>The service's signing secret, as configured (base64 in the settings).</summary>
    public static readonly byte[] SigningSecret = SHA256.HashData(Encoding.UTF8.GetBytes("token tests signing secret"));

    public SecurityWorld Mail { get; } = new();

    public Task InitializeAsync() => Mail.InitializeAsync();

    public Task DisposeAsync() => Mail.DisposeAsync();

    public Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Verifier:Auth:ApiKeys:0"] = SecretA,
            ["Verifier:Auth:ApiKeys:1"] = SecretB,
            ["Verifier:Auth:PublishableKeys:0:Key"] = PublishableA,
            ["Verifier:Auth:PublishableKeys:0:Origins:0"] = OriginA,
            ["Verifier:Auth:PublishableKeys:0:Tenant"] = TokenOracle.KeyName("secret", SecretA),
            ["Verifier:Auth:PublishableKeys:1:Key"] = PublishableB,
            ["Verifier:Auth:PublishableKeys:1:Origins:0"] = OriginB,
            ["Verifier:Auth:PublishableKeys:1:Tenant"] = TokenOracle.KeyName("secret", SecretB),
            ["Verifier:Tokens:SigningKey"] = Convert.ToBase64String(SigningSecret),
            ["Verifier:RateLimit:PublishablePermitsPerMinute"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return Mail.Settings(settings);
    }

    /// <summary>GET /v1/verify as a page of <paramref name="origin"/> with <paramref name="publishableKey"/> would send it.</summary>
    public static async Task<JsonElement> VerifyFromPageAsync(HttpClient client, string publishableKey, string origin, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/verify?smtp=true&email=" + Uri.EscapeDataString(email));
        request.Headers.Add("X-Api-Key", publishableKey);
        request.Headers.Add("Origin", origin);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The token of the answer a page of <paramref name="origin"/> gets for <paramref name="email"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string publishableKey, string origin, string email) =>
        (await VerifyFromPageAsync(client, publishableKey, origin, email)).GetProperty("token").GetString()!;

    /// <summary>POST /v1/tokens/confirm with <paramref name="secretKey"/> (none when null).</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string? secretKey, string token, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens/confirm") { Content = JsonContent.Create(new { token, email }) };
        if (secretKey is not null)
        {
            request.Headers.Add("X-Api-Key", secretKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> RefusedAsync(HttpResponseMessage response, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 422, $"expected 422, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static WebApplicationFactory<Program> App(Dictionary<string, string?> settings, LogCapture? logs = null) => SecurityWorld.App(settings, logs);
}
