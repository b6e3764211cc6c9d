using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Verifier.Testing.Dns;
using Verifier.Testing.Redis;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Caching;

/// <summary><c>/v1/verify</c> and <c>/health/ready</c> over HTTP, with a real redis-server.</summary>
public sealed class CachingApiTests : IAsyncLifetime
{
    private const string Alice = "alice@x.test";

    private readonly LoopbackDnsServer dns = LoopbackDnsServer.Start();
    private LoopbackSmtpServer smtp = null!;
    private RedisServer redis = null!;

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        smtp = await LoopbackSmtpServer.StartAsync();
        smtp.Reply(Alice, 250, "2.1.5 Ok");
        dns.Mx("x.test", 10, "mx1.x.test").A("mx1.x.test", "127.0.0.1");
    }

    public async Task DisposeAsync()
    {
        await redis.DisposeAsync();
        await smtp.DisposeAsync();
        await dns.DisposeAsync();
    }

    [Fact]
    public async Task A_repeated_get_is_answered_from_the_cache_with_the_original_check_time()
    {
        await using var app = Application();
        using var client = app.CreateClient();

        var first = await VerifyAsync(client, Alice);
        var second = await VerifyAsync(client, Alice);
        var refreshed = await VerifyAsync(client, Alice, "&refresh=true");

        Assert.Equal("deliverable", first.GetProperty("verdict").GetString());
        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("checkedAt").GetString(), second.GetProperty("checkedAt").GetString());
        Assert.False(refreshed.GetProperty("cached").GetBoolean());
        Assert.Equal(2, smtp.Recipients.Count(r => r == Alice));
    }

    [Fact]
    public async Task Another_process_is_answered_from_redis()
    {
        await using var one = Application();
        await using var two = Application();
        using var first = one.CreateClient();
        using var second = two.CreateClient();

        await VerifyAsync(first, Alice);
        var shared = await VerifyAsync(second, Alice);

        Assert.True(shared.GetProperty("cached").GetBoolean());
        Assert.Equal(1, smtp.Recipients.Count(r => r == Alice));
    }

    [Fact]
    public async Task Readiness_reports_redis_and_requests_go_on_while_it_is_down()
    {
        await using var app = Application();
        using var client = app.CreateClient();
        await WaitForAsync(client, "Healthy");

        await redis.KillAsync();
        var ready = await WaitForAsync(client, "Degraded");
        Assert.Contains("uncached", ready.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString(), StringComparison.Ordinal);
        var during = await VerifyAsync(client, Alice);
        Assert.Equal("deliverable", during.GetProperty("verdict").GetString());
        Assert.False(during.GetProperty("cached").GetBoolean());

        await redis.StartAgainAsync();
        await WaitForAsync(client, "Healthy");
    }

    [Fact]
    public async Task Without_redis_the_cache_is_in_process_and_readiness_does_not_mention_redis()
    {
        await using var app = Application(withRedis: false);
        using var client = app.CreateClient();

        await VerifyAsync(client, Alice);
        var second = await VerifyAsync(client, Alice);
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(body.GetProperty("checks").TryGetProperty("redis", out _));
    }

    private CachingApplication Application(bool withRedis = true) =>
        new(dns.EndPoint.ToString(), smtp.Port, withRedis ? redis.ConnectionString : null);

    private static async Task<JsonElement> VerifyAsync(HttpClient client, string email, string extra = "")
    {
        using var response = await client.GetAsync(new Uri($"/v1/verify?email={Uri.EscapeDataString(email)}{extra}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls readiness until Redis's check reports <paramref name="status"/> (the multiplexer connects and reconnects in the background).</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient client, string status)
    {
        var clock = Stopwatch.StartNew();
        JsonElement body;
        do
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString() == status)
            {
                return body;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Fail($"Redis never reported {status}: {body}");
        return body;
    }
}
