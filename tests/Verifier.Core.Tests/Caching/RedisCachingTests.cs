using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Verifier.Core.Caching;
using Verifier.Core.Classification;

namespace Verifier.Core.Tests.Caching;

/// <summary>The engine with its two-level cache against a real redis-server, DNS and SMTP on loopback.</summary>
public sealed class RedisCachingTests : IAsyncLifetime
{
    private const string Alice = "alice@x.test";

    private CachingHarness harness = null!;

    public async Task InitializeAsync()
    {
        harness = await CachingHarness.StartAsync();
        harness.Smtp.Reply(Alice, 250, "2.1.5 Ok");
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task A_second_request_is_a_hit_with_the_time_of_the_original_check()
    {
        var api = await harness.NewInstance().ConnectedAsync();

        var first = await api.VerifyAsync("Alice@x.test");
        var second = await api.VerifyAsync("alice@X.TEST");

        Assert.Equal(Verdict.Deliverable, first.Verdict);
        Assert.False(first.Cached);
        Assert.True(second.Cached);
        Assert.Equal(first.CheckedAt, second.CheckedAt);
        Assert.Equal(first.Verdict, second.Verdict);
        Assert.Equal("alice@X.TEST", second.Email);
        Assert.Equal(1, harness.RcptCount(Alice));
    }

    [Fact]
    public async Task Another_instance_is_answered_from_redis_without_a_probe()
    {
        var one = await harness.NewInstance().ConnectedAsync();
        var two = await harness.NewInstance().ConnectedAsync();

        var original = await one.VerifyAsync(Alice);
        var shared = await two.VerifyAsync(Alice);

        Assert.True(shared.Cached);
        Assert.Equal(original.CheckedAt, shared.CheckedAt);
        Assert.Equal(original.Reason, shared.Reason);
        Assert.Equal(original.LikelySmtp, shared.LikelySmtp);
        Assert.Equal(original.Checks.Smtp, shared.Checks.Smtp);
        Assert.Equal(1, harness.RcptCount(Alice));
        Assert.Equal(1, harness.Dns.QueryCount(CachingHarness.Domain, Testing.Dns.DnsRecordType.Mx));
    }

    [Fact]
    public async Task Keys_hold_a_hash_of_the_address_and_expire_as_the_reason_says()
    {
        var api = await harness.NewInstance().ConnectedAsync();
        await api.VerifyAsync(Alice);
        await api.VerifyAsync("bob@x.test");

        var redis = await harness.DirectAsync();
        var names = ((RedisResult[])(await redis.ExecuteAsync("KEYS", "*"))!).Select(k => (string)k!).ToList();
        Assert.DoesNotContain(names, k => k.Contains("alice", StringComparison.OrdinalIgnoreCase) || k.Contains("bob", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(CacheKeys.Verdict(Alice), names);
        Assert.Contains(CacheKeys.MailInfo(CachingHarness.Domain), names);
        Assert.Contains(CacheKeys.Facts(CachingHarness.Domain), names);
        Assert.All(names, k => Assert.StartsWith(CacheKeys.Prefix, k, StringComparison.Ordinal));

        var deliverable = await redis.KeyTimeToLiveAsync(CacheKeys.Verdict(Alice));
        var undeliverable = await redis.KeyTimeToLiveAsync(CacheKeys.Verdict("bob@x.test"));
        var mx = await redis.KeyTimeToLiveAsync(CacheKeys.MailInfo(CachingHarness.Domain));
        Assert.InRange(deliverable!.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Assert.InRange(undeliverable!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        Assert.InRange(mx!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Refresh_bypasses_the_cache_and_replaces_the_answer()
    {
        var api = await harness.NewInstance().ConnectedAsync();
        var original = await api.VerifyAsync(Alice);
        await Task.Delay(20);

        var refreshed = await api.VerifyAsync(Alice, refresh: true);
        var after = await api.VerifyAsync(Alice);

        Assert.False(refreshed.Cached);
        Assert.True(refreshed.CheckedAt > original.CheckedAt);
        Assert.True(after.Cached);
        Assert.Equal(refreshed.CheckedAt, after.CheckedAt);
        Assert.Equal(2, harness.RcptCount(Alice));
    }

    [Fact]
    public async Task Fifty_concurrent_requests_for_one_uncached_address_cause_one_probe()
    {
        var api = await harness.NewInstance().ConnectedAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => api.VerifyAsync(Alice))));

        Assert.All(results, r => Assert.Equal(Verdict.Deliverable, r.Verdict));
        Assert.Equal(1, harness.RcptCount(Alice));
        Assert.Equal(1, harness.Smtp.SessionCount);
    }

    [Fact]
    public async Task A_catch_all_domain_is_probed_for_catch_all_once_for_all_its_addresses()
    {
        harness.Smtp.DefaultReply(250, "2.1.5 Ok");
        var one = await harness.NewInstance().ConnectedAsync();
        var two = await harness.NewInstance().ConnectedAsync();
        string[] addresses = ["ann@x.test", "ben@x.test", "cat@x.test", "dan@x.test"];

        var results = new List<Core.Verification.VerificationResult>();
        foreach (var (address, index) in addresses.Select((a, i) => (a, i)))
        {
            results.Add(await (index % 2 == 0 ? one : two).VerifyAsync(address));
        }

        Assert.All(results, r => Assert.Equal(Reason.CatchAll, r.Reason));
        Assert.All(results, r => Assert.False(r.Cached));
        var randomProbes = harness.Smtp.Recipients.Where(r => !addresses.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.Single(randomProbes);
        Assert.Equal(1, harness.Dns.QueryCount(CachingHarness.Domain, Testing.Dns.DnsRecordType.Mx));
    }

    [Fact]
    public async Task Requests_succeed_while_redis_is_down_and_caching_resumes_when_it_returns()
    {
        var api = await harness.NewInstance().ConnectedAsync();
        Assert.False((await api.VerifyAsync(Alice)).Cached);

        var before = api.Logs.Entries.Count;
        await harness.Redis.KillAsync();
        for (var i = 0; i < 10; i++)
        {
            var during = await api.VerifyAsync($"user{i}@x.test", smtp: false);
            Assert.Equal(Verdict.Unknown, during.Verdict);
            Assert.False(during.Cached);
        }

        // Answers kept in process memory still serve while Redis is away.
        Assert.True((await api.VerifyAsync(Alice)).Cached);
        Assert.False(api.Monitor.IsAvailable);
        Assert.Single(api.Logs.Entries.Skip(before), e => e.Level == LogLevel.Warning && e.Category == "RedisOutageMonitor");

        await harness.Redis.StartAgainAsync();
        var redis = await harness.DirectAsync();
        var resumed = false;
        var clock = Stopwatch.StartNew();
        for (var i = 0; !resumed && clock.Elapsed < TimeSpan.FromSeconds(15); i++)
        {
            await api.VerifyAsync($"after{i}@x.test", smtp: false);
            resumed = await redis.KeyExistsAsync(CacheKeys.Verdict($"after{i}@x.test|dns"));
            if (!resumed)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(resumed, "Nothing was written to Redis after it came back.");
        Assert.True(api.Monitor.IsAvailable);
        Assert.Single(api.Logs.Entries.Skip(before), e => e.Level == LogLevel.Warning && e.Category == "RedisOutageMonitor");
        Assert.Contains(api.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Redis cache available again", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Logs.Entries, e => e.Message.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hung_redis_delays_a_request_by_the_bounded_wait_only()
    {
        var api = await harness.NewInstance(o => o.RedisTimeout = TimeSpan.FromMilliseconds(100)).ConnectedAsync();
        await api.VerifyAsync("warm@x.test", smtp: false);

        await harness.Redis.PauseAsync();
        var clock = Stopwatch.StartNew();
        var first = await api.VerifyAsync("hung@x.test", smtp: false);
        var second = await api.VerifyAsync("hung2@x.test", smtp: false);
        clock.Stop();
        await harness.Redis.ResumeAsync();

        Assert.False(first.Cached);
        Assert.False(second.Cached);
        Assert.False(api.Monitor.IsAvailable);

        // StackExchange.Redis alone would wait its 5 s command time-out on each call.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Requests took {clock.Elapsed} with Redis hung.");
    }

    [Fact]
    public async Task A_corrupt_value_in_redis_is_ignored_and_overwritten()
    {
        var redis = await harness.DirectAsync();
        var key = CacheKeys.Verdict(Alice);
        await redis.StringSetAsync(key, "{not a cache entry", TimeSpan.FromDays(1));
        await redis.StringSetAsync(CacheKeys.MailInfo(CachingHarness.Domain), new byte[] { CacheEnvelope.Magic, 0, 1, 2 }, TimeSpan.FromDays(1));
        var api = await harness.NewInstance().ConnectedAsync();

        var result = await api.VerifyAsync(Alice);

        Assert.False(result.Cached);
        Assert.Equal(Verdict.Deliverable, result.Verdict);
        var stored = (byte[]?)await redis.StringGetAsync(key);
        Assert.NotNull(stored);
        Assert.Equal(CacheEnvelope.Magic, stored[0]);
        Assert.Equal(CacheEnvelope.FormatVersion, stored[1]);
        var other = await harness.NewInstance().ConnectedAsync();
        Assert.True((await other.VerifyAsync(Alice)).Cached);
        Assert.Contains(api.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(key, StringComparison.Ordinal));
    }
}
