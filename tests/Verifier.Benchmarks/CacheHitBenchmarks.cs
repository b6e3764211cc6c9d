using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Benchmarks;

/// <summary>
/// A verdict found in process memory, the answer behind most signup-form requests: the time and allocation of one
/// lookup (key hashing, the memory cache, and turning the stored entry back into a result).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CacheHitBenchmarks
{
    private const string Key = "alice@example.com";

    private static readonly VerificationResult Sample = new()
    {
        Email = "Alice@Example.com",
        Normalized = "alice@example.com",
        Verdict = Verdict.Deliverable,
        Reason = Reason.Accepted,
        LikelySmtp = new LikelySmtp(250, "2.1.5", "success", "Recipient accepted", Observed: true, "send", Retry: false,
            "250: the mailbox exists and accepts mail; sending to it should not bounce."),
        Checks = new VerificationChecks(
            new SyntaxCheck(true, "Alice", "example.com", null),
            new DomainCheck("ok", [new MxRecord("mx1.example.com", 10), new MxRecord("mx2.example.com", 20)], ImplicitMx: false, NullMx: false),
            new SmtpCheck(true, "mx1.example.com", 250, "2.1.5", "Recipient ok", CatchAll: false, DurationMs: 412)),
        Flags = RiskFlags.None,
        Score = 97,
        CheckedAt = DateTimeOffset.UnixEpoch.AddYears(56),
    };

    private LayeredCache cache = null!;
    private VerdictCache verdicts = null!;

    [GlobalSetup]
    public async Task SetUp()
    {
        var options = Options.Create(new CacheOptions());
        cache = new LayeredCache(options, TimeProvider.System, NullLogger<LayeredCache>.Instance);
        verdicts = new VerdictCache(cache, options);
        await verdicts.SetAsync(Key, Sample, CancellationToken.None);
    }

    [GlobalCleanup]
    public void CleanUp() => cache.Dispose();

    [Benchmark]
    public async Task<VerificationResult?> Memory_hit() => await verdicts.GetAsync(Key, CancellationToken.None);
}
