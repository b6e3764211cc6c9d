using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Verifier.Api.Security;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Redis;

namespace Verifier.Api.Tests.Security;

/// <summary>
/// The rate limits and the publishable-key new-domain limit with a real redis-server: shared by two application
/// instances, refilled by Redis's clock, and held per instance when Redis is gone or hangs.
/// </summary>
public sealed class SharedLimitTests(SecurityWorld world) : IClassFixture<SecurityWorld>, IAsyncLifetime
{
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task A_second_instance_refuses_a_caller_whose_allowance_the_first_has_spent()
    {
        var settings = Shared(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "3" });
        await using var one = SecurityWorld.App(settings);
        await using var two = SecurityWorld.App(settings);
        using var first = SecretClient(one);
        using var second = SecretClient(two);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        }

        using var refused = await second.GetAsync(new Uri("/v1/verify?email=x", UriKind.Relative));

        await ApiKeyTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests);

        // 3 a minute: the next token is about 20 s away.
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 15 and <= 20 }, refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(first));
    }

    [Fact]
    public async Task A_key_has_one_shared_bucket_whatever_the_order_of_each_instance_configuration()
    {
        const string Other = "sk_test_other_key_00000000";
        await using var one = SecurityWorld.App(Shared(new()
        {
            ["Verifier:RateLimit:PermitsPerMinute"] = "2",
            ["Verifier:Auth:ApiKeys:0"] = SecurityWorld.SecretKey,
            ["Verifier:Auth:ApiKeys:1"] = Other,
        }));
        await using var two = SecurityWorld.App(Shared(new()
        {
            ["Verifier:RateLimit:PermitsPerMinute"] = "2",
            ["Verifier:Auth:ApiKeys:0"] = Other,
            ["Verifier:Auth:ApiKeys:1"] = SecurityWorld.SecretKey,
        }));
        using var first = SecretClient(one);
        using var second = SecretClient(two);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));

        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(second));
    }

    [Fact]
    public async Task The_shared_bucket_refills_at_its_rate()
    {
        // 120 a minute: a token every 500 ms.
        var settings = Shared(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "120" });
        await using var one = SecurityWorld.App(settings);
        await using var two = SecurityWorld.App(settings);
        using var first = SecretClient(one);
        using var second = SecretClient(two);

        var (admitted, refused) = await AlternateUntilRefusedAsync(first, second, most: 1000);

        using (refused)
        {
            Assert.NotNull(refused);
            Assert.InRange(admitted, 120, 200);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(600));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second));
    }

    [Fact]
    public async Task At_a_small_limit_concurrent_requests_on_two_instances_share_it_exactly()
    {
        // 50 a minute: a lease of 1 token, and a token refilled every 1.2 s.
        var settings = Shared(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "50" });
        await using var one = SecurityWorld.App(settings);
        await using var two = SecurityWorld.App(settings);
        using var first = SecretClient(one);
        using var second = SecretClient(two);

        var clock = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => StatusAsync(i % 2 == 0 ? first : second)));
        var refilled = (int)Math.Floor(clock.Elapsed.TotalSeconds / 1.2);

        Assert.Equal(120, statuses.Count(status => status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        Assert.InRange(statuses.Count(status => status == HttpStatusCode.OK), 50, 50 + refilled);
    }

    [Fact]
    public async Task A_busy_caller_asks_redis_about_once_per_lease()
    {
        // 60,000 a minute: leases of 100 tokens.
        await using var app = SecurityWorld.App(Counted(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "60000" }));
        using var client = SecretClient(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        var before = await ScriptCallsAsync();

        // Eight at a time: only one of them asks Redis when the lease runs out, the others wait for its answer.
        const int Requests = 2000;
        var statuses = new List<HttpStatusCode>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Requests)
            {
                var status = await StatusAsync(client);
                lock (statuses)
                {
                    statuses.Add(status);
                }
            }
        }));

        var calls = await ScriptCallsAsync() - before;
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.InRange(calls, Requests / 100 - 1, Requests / 100 + 5);
    }

    [Fact]
    public async Task A_refused_caller_is_refused_locally_until_the_wait_redis_gave_has_passed()
    {
        // 2 a minute: once both are spent, the next token is 30 s away.
        await using var app = SecurityWorld.App(Counted(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "2" }));
        using var client = SecretClient(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        var before = await ScriptCallsAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            statuses.Add(await StatusAsync(client));
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(1, await ScriptCallsAsync() - before);
    }

    [Fact]
    public async Task Leased_tokens_are_dropped_after_a_second_and_never_given_back()
    {
        // The application's clock is a fake one, so that a loaded machine cannot stretch the two requests past a second.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = SecurityWorld.App(Counted(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "60000" }));
        await using var app = world.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(time)));
        using var client = SecretClient(app);
        (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).Dispose();
        var before = await ScriptCallsAsync();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        Assert.Equal(1, await ScriptCallsAsync() - before);

        // The lease of 100 left the shared bucket at once.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var bucket = "verifier:v1:rate:" + ApiKeyDigest.Name("secret", ApiKeyDigest.Of(SecurityWorld.SecretKey));
        var tokens = double.Parse((string)(await connection.GetDatabase().HashGetAsync(bucket, "tokens"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(tokens, 59_900, 59_901);

        time.Advance(TimeSpan.FromMilliseconds(1200));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        Assert.Equal(2, await ScriptCallsAsync() - before);
    }

    [Fact]
    public async Task Two_instances_taking_leases_admit_no_more_than_the_shared_allowance()
    {
        // 1,200 a minute: leases of 2 tokens, 20 tokens refilled a second.
        var settings = Counted(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "1200" });
        await using var one = SecurityWorld.App(settings);
        await using var two = SecurityWorld.App(settings);
        using var first = SecretClient(one);
        using var second = SecretClient(two);
        var before = await ScriptCallsAsync();

        var clock = Stopwatch.StartNew();
        var (admitted, refused) = await AlternateUntilRefusedAsync(first, second, most: 5000);

        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 20);
        var calls = await ScriptCallsAsync() - before;
        using (refused)
        {
            Assert.NotNull(refused);

            // Each instance may hold back up to one lease; neither ever admits beyond what the bucket granted.
            Assert.InRange(admitted, 1200 - (2 * 2), 1200 + refilled + 1);
            Assert.InRange(calls, admitted / 2, (admitted / 2) + 10);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }
    }

    [Fact]
    public async Task Buckets_are_named_after_the_key_never_the_key_and_expire_after_a_minute()
    {
        await using var app = SecurityWorld.App(Shared(new() { ["Verifier:RateLimit:PublishablePermitsPerMinute"] = "5" }));
        using var client = SecretClient(app);
        await StatusAsync(client);
        using var publishable = app.CreateClient();
        using var request = Publishable("/v1/verify?email=x");
        using var response = await publishable.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var keys = await server.KeysAsync(pattern: "verifier:v1:rate:*").Select(key => key.ToString()).ToListAsync();

        var secretBucket = "verifier:v1:rate:" + ApiKeyDigest.Name("secret", ApiKeyDigest.Of(SecurityWorld.SecretKey));
        var publishableName = ApiKeyDigest.Name("publishable", ApiKeyDigest.Of(SecurityWorld.PublishableKey));
        Assert.Equal(2, keys.Count);
        Assert.Contains(secretBucket, keys);
        Assert.Matches("^verifier:v1:rate:secret-[0-9a-f]{12}$", secretBucket);
        Assert.Single(keys, key => System.Text.RegularExpressions.Regex.IsMatch(key, $"^verifier:v1:rate:{publishableName}:[0-9a-f]{{64}}$"));
        Assert.DoesNotContain(keys, key => key.Contains(SecurityWorld.SecretKey, StringComparison.Ordinal) || key.Contains(SecurityWorld.PublishableKey, StringComparison.Ordinal));
        var timeToLive = await connection.GetDatabase().KeyTimeToLiveAsync(secretBucket);
        Assert.InRange(timeToLive!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task With_redis_killed_requests_are_limited_per_instance_and_never_fail()
    {
        var logs = new LogCapture();
        await using var app = SecurityWorld.App(Shared(new() { ["Verifier:RateLimit:PermitsPerMinute"] = "3" }), logs);
        using var client = SecretClient(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));

        await redis.KillAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await StatusAsync(client));
        }

        // This instance's own bucket for the caller starts full: three more, then refused.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith("RedisOutageMonitor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hung_redis_delays_a_request_no_longer_than_the_redis_bound()
    {
        var settings = Shared(new()
        {
            ["Verifier:RateLimit:PermitsPerMinute"] = "3",
            ["Verifier:Cache:RedisTimeout"] = "00:00:00.300",
            ["Verifier:Cache:RedisRetryInterval"] = "00:00:30",
        });
        await using var app = SecurityWorld.App(settings);
        using var client = SecretClient(app);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));

        await redis.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 4; i++)
            {
                statuses.Add(await StatusAsync(client));
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        }
        finally
        {
            await redis.ResumeAsync();
        }
    }

    [Fact]
    public async Task Two_instances_share_a_publishable_keys_new_domain_window()
    {
        var settings = Shared(new() { ["Verifier:Auth:PublishableNewDomainsPerMinute"] = "2" });
        await using var one = SecurityWorld.App(settings);
        await using var two = SecurityWorld.App(settings);
        using var first = one.CreateClient();
        using var second = two.CreateClient();

        Assert.False(await SmtpLimitedAsync(first, "someone@d11.test"));
        Assert.False(await SmtpLimitedAsync(first, "someone@d12.test"));
        Assert.True(await SmtpLimitedAsync(second, "someone@d13.test"));

        // A domain already in the window costs nothing, on either instance.
        Assert.False(await SmtpLimitedAsync(second, "other@d11.test"));
        Assert.True(await SmtpLimitedAsync(first, "someone@d14.test"));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var window = await connection.GetDatabase().SortedSetRangeByRankAsync("verifier:v1:new-domains:" + ApiKeyDigest.Name("publishable", ApiKeyDigest.Of(SecurityWorld.PublishableKey)));
        Assert.Equal(["d11.test", "d12.test"], window.Select(domain => domain.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task With_redis_killed_the_new_domain_limit_holds_per_instance()
    {
        await using var app = SecurityWorld.App(Shared(new() { ["Verifier:Auth:PublishableNewDomainsPerMinute"] = "2" }));
        using var client = app.CreateClient();
        Assert.False(await SmtpLimitedAsync(client, "someone@d15.test"));

        await redis.KillAsync();

        Assert.False(await SmtpLimitedAsync(client, "someone@d16.test"));
        Assert.False(await SmtpLimitedAsync(client, "someone@d17.test"));
        Assert.True(await SmtpLimitedAsync(client, "someone@d18.test"));
    }

    private Dictionary<string, string?> Shared(Dictionary<string, string?> overrides)
    {
        overrides["ConnectionStrings:Redis"] = redis.ConnectionString;
        overrides.TryAdd("Verifier:Cache:RedisRetryInterval", "00:00:00.200");

        // Generous unless a test sets it: on a busy machine a starved Redis call must not start an outage.
        overrides.TryAdd("Verifier:Cache:RedisTimeout", "00:00:01");
        return world.KeyedSettings(overrides);
    }

    /// <summary>Shared settings without the job worker, whose upkeep of the job queue runs scripts of its own.</summary>
    private Dictionary<string, string?> Counted(Dictionary<string, string?> overrides)
    {
        overrides["Verifier:Worker:Enabled"] = "false";
        return Shared(overrides);
    }

    /// <summary>Scripts Redis has run so far (<c>EVAL</c> and <c>EVALSHA</c>), from <c>INFO commandstats</c>.</summary>
    private async Task<long> ScriptCallsAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var info = await connection.GetServer(connection.GetEndPoints().Single()).InfoAsync("commandstats");
        return info.SelectMany(section => section)
            .Where(stat => stat.Key is "cmdstat_eval" or "cmdstat_evalsha")
            .Sum(stat => long.Parse(System.Text.RegularExpressions.Regex.Match(stat.Value, "calls=([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Requests from the two clients in turn until one is refused (429) or <paramref name="most"/> are admitted.</summary>
    private static async Task<(int Admitted, HttpResponseMessage? Refused)> AlternateUntilRefusedAsync(HttpClient first, HttpClient second, int most)
    {
        var admitted = 0;
        while (admitted < most)
        {
            var response = await (admitted % 2 == 0 ? first : second).GetAsync(new Uri("/v1/verify?email=x", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (admitted, response);
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
            admitted++;
        }

        return (admitted, null);
    }

    private static HttpClient SecretClient(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SecurityWorld.SecretKey);
        return client;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/v1/verify?email=x", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>Asks a publishable key's SMTP check of <paramref name="email"/>; true when the new-domain limit skipped it.</summary>
    private static async Task<bool> SmtpLimitedAsync(HttpClient client, string email)
    {
        using var request = Publishable("/v1/verify?email=" + Uri.EscapeDataString(email));
        using var response = await client.SendAsync(request);
        var body = await HttpJson.ReadAsync(response);
        var limited = response.Headers.Contains("X-Smtp-Limited");
        Assert.Equal(limited ? "smtp_not_checked" : "catch_all", body.Str("reason"));
        return limited;
    }

    private static HttpRequestMessage Publishable(string uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("X-Api-Key", SecurityWorld.PublishableKey);
        request.Headers.Add("Origin", SecurityWorld.ShopOrigin);
        return request;
    }
}
