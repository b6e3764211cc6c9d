using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Api.Tests.Security;

namespace Verifier.Api.Tests.Tokens;

/// <summary>
/// Verification tokens: what answers to publishable keys carry, and what <c>POST /v1/tokens/confirm</c> accepts and refuses.
/// Signatures are checked with <see cref="TokenOracle"/>, computed from the documented scheme, not with the service's code.
/// </summary>
public sealed class TokenTests(TokenWorld world) : IClassFixture<TokenWorld>
{
    [Fact]
    public async Task A_publishable_answer_carries_a_token_signed_over_the_address_verdict_time_and_key_name()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();

        var answer = await TokenWorld.VerifyFromPageAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "Alice@OK.test");

        var token = answer.GetProperty("token").GetString()!;
        Assert.True(TokenOracle.IsSignedWith(token, TokenWorld.SigningSecret), token);
        Assert.False(TokenOracle.IsSignedWith(token, new byte[32]));
        var payload = TokenOracle.Payload(token);
        Assert.Equal(TokenOracle.KeyName("publishable", TokenWorld.PublishableA), (string?)payload["k"]);
        Assert.Equal(TokenOracle.AddressDigest(TokenWorld.SigningSecret, "alice@ok.test"), (string?)payload["a"]);
        Assert.Equal("deliverable", (string?)payload["v"]);
        Assert.Equal("accepted", (string?)payload["r"]);
        Assert.Equal(3600, (long)payload["exp"]! - (long)payload["iat"]!);
        Assert.InRange((long)payload["iat"]!, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.DoesNotContain("alice", JsonSerializer.Serialize(payload), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TokenWorld.PublishableA, JsonSerializer.Serialize(payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_token_is_confirmed_by_the_tenants_secret_key_with_the_verdict_it_was_issued_with()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        var good = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");
        var bad = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "bob@ok.test");

        using var confirmedGood = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, good, " ALICE@ok.test ");
        using var confirmedBad = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, bad, "bob@ok.test");

        var body = await HttpJson.ReadAsync(confirmedGood);
        Assert.Equal("deliverable", body.Str("verdict"));
        Assert.Equal("accepted", body.Str("reason"));
        Assert.Equal("alice@ok.test", body.Str("normalized"));
        Assert.Equal(TokenOracle.KeyName("publishable", TokenWorld.PublishableA), body.Str("key"));
        Assert.Equal("False", body.Str("flags.disposable"));
        var issued = body.GetProperty("issuedAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(1), body.GetProperty("expiresAt").GetDateTimeOffset() - issued);
        var undeliverable = await HttpJson.ReadAsync(confirmedBad);
        Assert.Equal("undeliverable", undeliverable.Str("verdict"));
        Assert.Equal("mailbox_not_found", undeliverable.Str("reason"));
    }

    [Fact]
    public async Task A_token_for_another_address_is_refused()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        using var other = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, token, "alice2@ok.test");
        using var invalid = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, token, "not an address");

        await TokenWorld.RefusedAsync(other, "urn:verifier:problem:token-address-mismatch");
        await TokenWorld.RefusedAsync(invalid, "urn:verifier:problem:token-address-mismatch");
    }

    [Fact]
    public async Task An_altered_token_is_refused_however_it_was_altered()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "bob@ok.test");
        var payload = TokenOracle.Payload(token);
        Assert.Equal("undeliverable", (string?)payload["v"]);

        var promoted = payload.DeepClone().AsObject();
        promoted["v"] = "deliverable";
        promoted["r"] = "accepted";
        var extended = payload.DeepClone().AsObject();
        extended["exp"] = (long)payload["exp"]! + 86_400;
        var signatureBytes = TokenOracle.FromBase64Url(token.Split('.')[2]);
        signatureBytes[0] ^= 1;
        var parts = token.Split('.');
        string[] altered =
        [
            TokenOracle.WithPayload(token, promoted),                                   // verdict changed, signature kept
            TokenOracle.WithPayload(token, extended),                                   // lifetime stretched
            parts[0] + "." + parts[1] + "." + TokenOracle.Base64Url(signatureBytes),    // one bit of the signature
            TokenOracle.Sign(promoted, new byte[32]),                                   // signed, with another key
            parts[0] + "." + parts[1] + ".",                                            // no signature
            "v2." + parts[1] + "." + parts[2],                                          // another version
            token[..^4],                                                                // truncated
            token + "." + parts[2],                                                     // one part too many
            parts[1],                                                                   // payload alone
        ];

        foreach (var candidate in altered)
        {
            using var response = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, candidate, "bob@ok.test");
            await TokenWorld.RefusedAsync(response, "urn:verifier:problem:token-invalid");
        }

        using var original = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, token, "bob@ok.test");
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        // Made by the oracle with the service's secret: a genuine token whose hour is over.
        var payload = TokenOracle.Payload(token);
        payload["iat"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        payload["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var expired = TokenOracle.Sign(payload, TokenWorld.SigningSecret);
        payload["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var stillValid = TokenOracle.Sign(payload, TokenWorld.SigningSecret);

        using var refused = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, expired, "alice@ok.test");
        using var accepted = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, stillValid, "alice@ok.test");

        var problem = await TokenWorld.RefusedAsync(refused, "urn:verifier:problem:token-expired");
        Assert.Contains("verify the address again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_token_expires_after_the_configured_lifetime_on_the_services_clock()
    {
        var clock = new ShiftedClock();
        await using var app = TokenWorld.App(world.Settings(new Dictionary<string, string?> { ["Verifier:Tokens:Lifetime"] = "00:10:00" }))
            .WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        clock.Shift = TimeSpan.FromMinutes(9);
        using var before = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, token, "alice@ok.test");
        clock.Shift = TimeSpan.FromMinutes(10).Add(TimeSpan.FromSeconds(1));
        using var after = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, token, "alice@ok.test");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await TokenWorld.RefusedAsync(after, "urn:verifier:problem:token-expired");
    }

    [Fact]
    public async Task A_token_of_one_tenants_publishable_key_is_refused_to_another_tenants_secret_key()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        var tokenA = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");
        var tokenB = await TokenWorld.TokenAsync(client, TokenWorld.PublishableB, TokenWorld.OriginB, "alice@ok.test");

        using var aByB = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretB, tokenA, "alice@ok.test");
        using var bByA = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, tokenB, "alice@ok.test");
        using var bByB = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretB, tokenB, "alice@ok.test");

        await TokenWorld.RefusedAsync(aByB, "urn:verifier:problem:token-foreign-key");
        await TokenWorld.RefusedAsync(bByA, "urn:verifier:problem:token-foreign-key");
        Assert.Equal(HttpStatusCode.OK, bByB.StatusCode);

        // Another tenant learns nothing about the token: it is refused for its key before its address or age is looked at.
        using var wrongAddressToo = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretB, tokenA, "someone.else@ok.test");
        await TokenWorld.RefusedAsync(wrongAddressToo, "urn:verifier:problem:token-foreign-key");
    }

    [Fact]
    public async Task A_publishable_key_bound_to_no_tenant_among_several_has_tokens_no_one_can_confirm_and_says_so_at_start()
    {
        var logs = new LogCapture();
        await using var app = TokenWorld.App(world.Settings(new Dictionary<string, string?> { ["Verifier:Auth:PublishableKeys:0:Tenant"] = null }), logs);
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        foreach (var secret in new[] { TokenWorld.SecretA, TokenWorld.SecretB })
        {
            using var response = await TokenWorld.ConfirmAsync(client, secret, token, "alice@ok.test");
            await TokenWorld.RefusedAsync(response, "urn:verifier:problem:token-foreign-key");
        }

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("cannot be confirmed by anyone", StringComparison.Ordinal));
        Assert.Contains("PublishableKeys:0:Tenant", warning.Message, StringComparison.Ordinal);
        Assert.Contains(TokenOracle.KeyName("secret", TokenWorld.SecretA), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_one_secret_key_an_unbound_publishable_key_belongs_to_it()
    {
        var settings = world.Settings(new Dictionary<string, string?>
        {
            ["Verifier:Auth:ApiKeys:1"] = null,
            ["Verifier:Auth:PublishableKeys:0:Tenant"] = null,
            ["Verifier:Auth:PublishableKeys:1:Key"] = null,
            ["Verifier:Auth:PublishableKeys:1:Origins:0"] = null,
            ["Verifier:Auth:PublishableKeys:1:Tenant"] = null,
        });
        foreach (var key in settings.Where(s => s.Value is null).Select(s => s.Key).ToList())
        {
            settings.Remove(key);
        }

        await using var app = TokenWorld.App(settings);
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        using var response = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, token, "alice@ok.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Only_secret_keys_confirm_and_only_publishable_answers_to_valid_addresses_carry_tokens()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        var token = await TokenWorld.TokenAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");
        var invalid = await TokenWorld.VerifyFromPageAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "not an address");
        using var secretRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/verify?email=alice@ok.test");
        secretRequest.Headers.Add("X-Api-Key", TokenWorld.SecretA);
        using var secretAnswer = await client.SendAsync(secretRequest);

        using var byPublishable = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens/confirm") { Content = JsonContent.Create(new { token, email = "alice@ok.test" }) };
        byPublishable.Headers.Add("X-Api-Key", TokenWorld.PublishableA);
        byPublishable.Headers.Add("Origin", TokenWorld.OriginA);
        using var refused = await client.SendAsync(byPublishable);
        using var anonymous = await TokenWorld.ConfirmAsync(client, null, token, "alice@ok.test");

        Assert.False(invalid.TryGetProperty("token", out _));
        Assert.False((await HttpJson.ReadAsync(secretAnswer)).TryGetProperty("token", out _));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Cached_answers_get_a_token_for_the_key_asking_now()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();

        var first = await TokenWorld.VerifyFromPageAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");
        var second = await TokenWorld.VerifyFromPageAsync(client, TokenWorld.PublishableB, TokenWorld.OriginB, "alice@ok.test");

        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(TokenOracle.KeyName("publishable", TokenWorld.PublishableA), (string?)TokenOracle.Payload(first.GetProperty("token").GetString()!)["k"]);
        Assert.Equal(TokenOracle.KeyName("publishable", TokenWorld.PublishableB), (string?)TokenOracle.Payload(second.GetProperty("token").GetString()!)["k"]);
    }

    [Fact]
    public async Task Instances_sharing_the_signing_key_confirm_each_others_tokens_and_a_rotated_key_keeps_old_tokens_valid()
    {
        var next = new byte[32];
        next[0] = 7;
        await using var issuing = TokenWorld.App(world.Settings());
        await using var sameKey = TokenWorld.App(world.Settings());
        await using var rotated = TokenWorld.App(world.Settings(new Dictionary<string, string?>
        {
            ["Verifier:Tokens:SigningKey"] = Convert.ToBase64String(next),
            ["Verifier:Tokens:PreviousSigningKeys:0"] = Convert.ToBase64String(TokenWorld.SigningSecret),
        }));
        await using var otherKey = TokenWorld.App(world.Settings(new Dictionary<string, string?> { ["Verifier:Tokens:SigningKey"] = Convert.ToBase64String(next) }));
        using var issuingClient = issuing.CreateClient();
        var token = await TokenWorld.TokenAsync(issuingClient, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        using var bySame = await TokenWorld.ConfirmAsync(sameKey.CreateClient(), TokenWorld.SecretA, token, "alice@ok.test");
        using var byRotated = await TokenWorld.ConfirmAsync(rotated.CreateClient(), TokenWorld.SecretA, token, "alice@ok.test");
        using var byOther = await TokenWorld.ConfirmAsync(otherKey.CreateClient(), TokenWorld.SecretA, token, "alice@ok.test");
        var newToken = await TokenWorld.TokenAsync(rotated.CreateClient(), TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");

        Assert.Equal(HttpStatusCode.OK, bySame.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byRotated.StatusCode);
        await TokenWorld.RefusedAsync(byOther, "urn:verifier:problem:token-invalid");
        Assert.True(TokenOracle.IsSignedWith(newToken, next));
    }

    [Fact]
    public async Task When_the_api_is_open_answers_carry_tokens_that_only_an_open_service_confirms()
    {
        var open = world.Mail.Settings(new Dictionary<string, string?> { ["Verifier:Tokens:SigningKey"] = Convert.ToBase64String(TokenWorld.SigningSecret) });
        await using var openApp = TokenWorld.App(open);
        await using var keyedApp = TokenWorld.App(world.Settings());
        using var client = openApp.CreateClient();
        var answer = await client.GetJsonAsync("/v1/verify?email=alice@ok.test");
        var token = answer.GetProperty("token").GetString()!;

        using var confirmed = await TokenWorld.ConfirmAsync(client, null, token, "alice@ok.test");
        using var keyed = await TokenWorld.ConfirmAsync(keyedApp.CreateClient(), TokenWorld.SecretA, token, "alice@ok.test");

        Assert.Equal("open", (string?)TokenOracle.Payload(token)["k"]);
        Assert.Equal("deliverable", (await HttpJson.ReadAsync(confirmed)).Str("verdict"));
        await TokenWorld.RefusedAsync(keyed, "urn:verifier:problem:token-foreign-key");
    }

    [Fact]
    public async Task Outside_development_without_a_signing_key_there_are_no_tokens_and_confirmation_says_why()
    {
        var settings = world.Settings(new Dictionary<string, string?> { ["Verifier:Tokens:SigningKey"] = null });
        settings.Remove("Verifier:Tokens:SigningKey");
        await using var app = new VerifierApplication(settings, "Production");
        using var client = app.CreateClient();

        var answer = await TokenWorld.VerifyFromPageAsync(client, TokenWorld.PublishableA, TokenWorld.OriginA, "alice@ok.test");
        using var response = await TokenWorld.ConfirmAsync(client, TokenWorld.SecretA, "v1.e30.AAAA", "alice@ok.test");

        Assert.False(answer.TryGetProperty("token", out _));
        var problem = await SecurityProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:verifier:problem:tokens-disabled", problem.GetProperty("type").GetString());
        Assert.Contains("Verifier:Tokens:SigningKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_token_or_email_is_a_validation_problem()
    {
        await using var app = TokenWorld.App(world.Settings());
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens/confirm") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-Api-Key", TokenWorld.SecretA);

        using var response = await client.SendAsync(request);

        var problem = await SecurityProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("urn:verifier:problem:validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Theory]
    [InlineData("Verifier:Tokens:SigningKey", "c2hvcnQ=", "Verifier:Tokens:SigningKey")]
    [InlineData("Verifier:Tokens:SigningKey", "not base64 at all, but long enough to be 32 bytes", "Verifier:Tokens:SigningKey")]
    [InlineData("Verifier:Tokens:Lifetime", "00:00:10", "Lifetime")]
    [InlineData("Verifier:Auth:PublishableKeys:0:Tenant", "secret-000000000000", "secret-")]
    public async Task A_bad_token_setting_stops_the_start_naming_it(string key, string value, string named)
    {
        await using var app = TokenWorld.App(world.Settings(new Dictionary<string, string?> { [key] = value }));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var message = error.ToString();
        Assert.Contains(named, message, StringComparison.Ordinal);
        if (key.EndsWith(":Tenant", StringComparison.Ordinal))
        {
            // The message lists the names the secret keys go by, for the operator to choose from.
            Assert.Contains(TokenOracle.KeyName("secret", TokenWorld.SecretB), message, StringComparison.Ordinal);
        }
    }

    private static async Task<JsonElement> SecurityProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The system clock moved by <see cref="Shift"/>; timers stay the system's.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
