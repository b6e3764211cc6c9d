using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Verification;

namespace Verifier.Core.Tests.Caching;

/// <summary>Time to live by reason, and the memory level in front of a shared store, on a fake clock.</summary>
public sealed class LayeredCacheTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    public static TheoryData<Verdict, Reason, TimeSpan> DefaultLifetimes => new()
    {
        { Verdict.Deliverable, Reason.Accepted, TimeSpan.FromDays(7) },
        { Verdict.Undeliverable, Reason.MailboxNotFound, TimeSpan.FromDays(30) },
        { Verdict.Undeliverable, Reason.NoSuchDomain, TimeSpan.FromDays(30) },
        { Verdict.Undeliverable, Reason.NullMx, TimeSpan.FromDays(30) },
        { Verdict.Risky, Reason.CatchAll, TimeSpan.FromDays(1) },
        { Verdict.Risky, Reason.MailboxFull, TimeSpan.FromDays(1) },
        { Verdict.Unknown, Reason.Greylisted, TimeSpan.FromMinutes(10) },
        { Verdict.Unknown, Reason.Timeout, TimeSpan.FromMinutes(10) },
        { Verdict.Unknown, Reason.SmtpUnavailable, TimeSpan.FromMinutes(10) },
        { Verdict.Unknown, Reason.SmtpNotChecked, TimeSpan.FromMinutes(10) },
        { Verdict.Unknown, Reason.DnsError, TimeSpan.FromMinutes(1) },
    };

    [Theory]
    [MemberData(nameof(DefaultLifetimes))]
    public async Task A_verdict_lives_as_long_as_its_reason_allows(Verdict verdict, Reason reason, TimeSpan lifetime)
    {
        using var cache = Cache();
        var verdicts = new VerdictCache(cache, Options.Create(new CacheOptions()));
        await verdicts.SetAsync("a@x.test", Result(verdict, reason), CancellationToken.None);

        time.Advance(lifetime - Second);
        Assert.NotNull(await verdicts.GetAsync("a@x.test", CancellationToken.None));

        time.Advance(Second);
        Assert.Null(await verdicts.GetAsync("a@x.test", CancellationToken.None));
    }

    [Fact]
    public async Task Lifetimes_come_from_configuration()
    {
        var options = new CacheOptions { Deliverable = TimeSpan.FromHours(1), DnsError = TimeSpan.Zero };
        using var cache = Cache(options);
        var verdicts = new VerdictCache(cache, Options.Create(options));
        await verdicts.SetAsync("a@x.test", Result(Verdict.Deliverable, Reason.Accepted), CancellationToken.None);
        await verdicts.SetAsync("b@x.test", Result(Verdict.Unknown, Reason.DnsError), CancellationToken.None);

        Assert.Null(await verdicts.GetAsync("b@x.test", CancellationToken.None));
        time.Advance(TimeSpan.FromHours(1) - Second);
        Assert.NotNull(await verdicts.GetAsync("a@x.test", CancellationToken.None));
        time.Advance(Second);
        Assert.Null(await verdicts.GetAsync("a@x.test", CancellationToken.None));
    }

    [Fact]
    public async Task A_verdict_asked_for_again_is_decoded_once_and_still_expires_on_time()
    {
        using var cache = Cache();
        var verdicts = new VerdictCache(cache, Options.Create(new CacheOptions()));
        await verdicts.SetAsync("a@x.test", Result(Verdict.Deliverable, Reason.Accepted), CancellationToken.None);

        var first = await verdicts.GetAsync("a@x.test", CancellationToken.None);
        var second = await verdicts.GetAsync("a@x.test", CancellationToken.None);
        time.Advance(TimeSpan.FromDays(7) - Second);
        var last = await verdicts.GetAsync("a@x.test", CancellationToken.None);
        time.Advance(Second);

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Same(first, last);
        Assert.Null(await verdicts.GetAsync("a@x.test", CancellationToken.None));
    }

    [Fact]
    public async Task A_stored_verdict_keeps_its_check_time_and_is_not_marked_cached()
    {
        using var cache = Cache();
        var verdicts = new VerdictCache(cache, Options.Create(new CacheOptions()));
        var result = Result(Verdict.Deliverable, Reason.Accepted) with { DurationMs = 1234 };
        await verdicts.SetAsync("a@x.test", result, CancellationToken.None);

        var read = await verdicts.GetAsync("a@x.test", CancellationToken.None);

        Assert.Equal(result.CheckedAt, read!.CheckedAt);
        Assert.False(read.Cached);
        Assert.Equal(0, read.DurationMs);
    }

    [Fact]
    public async Task Mail_routing_lives_as_long_as_dns_said_and_not_at_all_for_zero()
    {
        using var cache = Cache();
        var domains = new DomainFactsCache(cache, Options.Create(new CacheOptions()));
        await domains.SetMailInfoAsync(MailInfo("a.test", TimeSpan.FromMinutes(3)), CancellationToken.None);
        await domains.SetMailInfoAsync(MailInfo("b.test", TimeSpan.Zero), CancellationToken.None);

        Assert.Null(await domains.GetMailInfoAsync("b.test", CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(3) - Second);
        Assert.NotNull(await domains.GetMailInfoAsync("a.test", CancellationToken.None));
        time.Advance(Second);
        Assert.Null(await domains.GetMailInfoAsync("a.test", CancellationToken.None));
    }

    [Fact]
    public async Task Domain_facts_live_for_the_configured_time()
    {
        var options = new CacheOptions { DomainFacts = TimeSpan.FromHours(6) };
        using var cache = Cache(options);
        var domains = new DomainFactsCache(cache, Options.Create(options));
        await domains.SetFactsAsync("a.test", new DomainFacts(true, "mx.a.test", time.GetUtcNow()), CancellationToken.None);

        time.Advance(TimeSpan.FromHours(6) - Second);
        Assert.Equal(true, (await domains.GetFactsAsync("a.test", CancellationToken.None))?.CatchAll);
        time.Advance(Second);
        Assert.Null(await domains.GetFactsAsync("a.test", CancellationToken.None));
    }

    [Fact]
    public async Task With_a_shared_store_memory_serves_for_the_local_expiration_then_asks_the_store()
    {
        var store = new DictionaryStore();
        using var cache = Cache(new CacheOptions { LocalExpiration = TimeSpan.FromMinutes(1) }, store);
        var verdicts = new VerdictCache(cache, Options.Create(new CacheOptions()));
        await verdicts.SetAsync("a@x.test", Result(Verdict.Deliverable, Reason.Accepted), CancellationToken.None);

        Assert.NotNull(await verdicts.GetAsync("a@x.test", CancellationToken.None));
        Assert.Equal(0, store.Reads);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(await verdicts.GetAsync("a@x.test", CancellationToken.None));
        Assert.NotNull(await verdicts.GetAsync("a@x.test", CancellationToken.None));
        Assert.Equal(1, store.Reads);
        Assert.Equal(TimeSpan.FromDays(7), store.TimeToLive[CacheKeys.Verdict("a@x.test")]);
    }

    [Fact]
    public async Task A_value_from_the_store_is_kept_in_memory_no_longer_than_it_has_left()
    {
        var store = new DictionaryStore();
        var options = new CacheOptions { LocalExpiration = TimeSpan.FromMinutes(5) };
        using (var writer = Cache(options, store))
        {
            await new VerdictCache(writer, Options.Create(options)).SetAsync("a@x.test", Result(Verdict.Unknown, Reason.DnsError), CancellationToken.None);
        }

        using var reader = Cache(options, store);
        var verdicts = new VerdictCache(reader, Options.Create(options));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(await verdicts.GetAsync("a@x.test", CancellationToken.None));

        // One minute after the check the DNS error is gone, although memory would keep things for five.
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await verdicts.GetAsync("a@x.test", CancellationToken.None));
    }

    [Fact]
    public async Task An_unreadable_value_in_the_store_is_a_miss()
    {
        var store = new DictionaryStore();
        store.Values[CacheKeys.Verdict("a@x.test")] = "garbage"u8.ToArray();
        using var cache = Cache(new CacheOptions(), store);

        Assert.Null(await new VerdictCache(cache, Options.Create(new CacheOptions())).GetAsync("a@x.test", CancellationToken.None));
    }

    private LayeredCache Cache(CacheOptions? options = null, ISharedCacheStore? shared = null) =>
        new(Options.Create(options ?? new CacheOptions()), time, NullLogger<LayeredCache>.Instance, shared);

    private VerificationResult Result(Verdict verdict, Reason reason) => new()
    {
        Email = "a@x.test",
        Normalized = "a@x.test",
        Verdict = verdict,
        Reason = reason,
        LikelySmtp = new LikelySmtp(250, "2.1.5", "success", "Accepted", true, "send", false, "Send."),
        Checks = new VerificationChecks(new SyntaxCheck(true, "a", "x.test", null), null, null),
        CheckedAt = time.GetUtcNow(),
    };

    private static DomainMailInfo MailInfo(string domain, TimeSpan timeToLive) =>
        new(domain, DomainStatus.Resolved, [new MailExchanger("mx." + domain, 10, [])], false, timeToLive);

    private sealed class DictionaryStore : ISharedCacheStore
    {
        private int reads;

        public ConcurrentDictionary<string, byte[]> Values { get; } = new();

        public ConcurrentDictionary<string, TimeSpan> TimeToLive { get; } = new();

        public int Reads => reads;

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            return ValueTask.FromResult(Values.GetValueOrDefault(key));
        }

        public ValueTask SetAsync(string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            Values[key] = value;
            TimeToLive[key] = timeToLive;
            return ValueTask.CompletedTask;
        }
    }
}
