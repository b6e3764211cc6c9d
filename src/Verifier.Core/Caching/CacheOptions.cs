using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Caching;

/// <summary>How long answers are kept (config section <c>Verifier:Cache</c>). Unknowns must not stick for days.</summary>
public sealed class CacheOptions
{
    public const string SectionName = "Verifier:Cache";

    /// <summary>A mailbox accepted by a server that rejects unknown recipients.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan Deliverable { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Bad syntax, missing domain or mailbox: such answers rarely change.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan Undeliverable { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Catch-all, full or disposable: worth a fresh look daily.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan Risky { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Greylisted, timed out, unavailable, blocked, not checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Unknown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>SERVFAIL or DNS time-out: retried almost at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DnsError { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a domain's catch-all finding is reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan DomainFacts { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// With Redis configured: how long an answer is also kept in this process's memory, so that a hit costs no
    /// round trip. It bounds how long another instance may serve an answer that <c>refresh=true</c> replaced.
    /// Never longer than the answer's own time to live. Without Redis, process memory holds answers for their full time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LocalExpiration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a request waits for one Redis call; past it the request goes on uncached.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>After a Redis call failed, how long requests leave Redis alone before one tries it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RedisRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Upper bound of the process-memory level, in megabytes: answers are kept there serialised, and those asked for
    /// again also decoded (charged at three times their serialised size), so this is what they occupy. Least
    /// recently used answers are dropped first; with Redis they are still found there.
    /// </summary>
    [Range(1, 65_536)]
    public int MaxInMemoryMegabytes { get; set; } = 64;
}
