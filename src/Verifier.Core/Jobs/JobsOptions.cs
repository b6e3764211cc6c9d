using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Jobs;

/// <summary>Bulk CSV jobs (config section <c>Verifier:Jobs</c>).</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string SectionName = "Verifier:Jobs";

    /// <summary>The retry delays used when none are configured: 1, 5 and 15 minutes.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>Where the in-process backend keeps each job's files (one folder per job); the host takes a relative path from the application's folder.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data/jobs";

    /// <summary>The most data rows (header excluded) one upload may have; beyond: 413.</summary>
    [Range(1, 100_000_000)]
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>The largest upload in bytes; beyond: 413.</summary>
    [Range(1024L, 10L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Rows verified together as one unit of work (one batch call, one queue message).</summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 500;

    /// <summary>The longest single record accepted; a longer one is almost always a quote never closed.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Delay before each retry of greylisted, unavailable or timed-out addresses (the last repeats);
    /// <see cref="DefaultRetryDelays"/> when empty.
    /// </summary>
    public List<TimeSpan> RetryDelays { get; } = [];

    /// <summary>How many times such an address is tried again before it is reported as it last was.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long a job and its data are kept after it was created.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often expired jobs are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// With Redis: how long a chunk handed to an instance may go unacknowledged before another instance takes
    /// it over (the first is presumed dead). A live instance keeps the chunks it works on fresh every quarter of
    /// this time, so a long chunk is not taken from it; a shorter value only makes takeovers faster.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan ReclaimAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Key of the HMAC-SHA256 signature of completion callbacks; callbacks are refused without it.</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>CIDR ranges a callback may go to although private or reserved (for tests and private deployments).</summary>
    public List<string> CallbackAllowedNetworks { get; } = [];

    /// <summary>Time limit of one callback POST.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts at a completion callback, the first included. Another is made, after <see cref="CallbackRetryDelay"/>
    /// and doubling each time, when the receiver is unreachable or answers 408, 429 or 5xx.
    /// </summary>
    [Range(1, 10)]
    public int CallbackAttempts { get; set; } = 4;

    /// <summary>The wait before the second callback attempt; each later wait doubles (30 s, 1 min, 2 min by default).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CallbackRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan RetryDelay(int retry)
    {
        var delays = RetryDelays.Count > 0 ? (IReadOnlyList<TimeSpan>)RetryDelays : DefaultRetryDelays;
        return delays[Math.Clamp(retry - 1, 0, delays.Count - 1)];
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < RetryDelays.Count; i++)
        {
            if (RetryDelays[i] < TimeSpan.Zero || RetryDelays[i] > TimeSpan.FromDays(1))
            {
                yield return new ValidationResult(
                    $"{RetryDelays[i]:c} is outside the allowed range; set a delay from 00:00:00 to 1.00:00:00",
                    [nameof(RetryDelays), $"{nameof(RetryDelays)}:{i}"]);
            }
        }

        for (var i = 0; i < CallbackAllowedNetworks.Count; i++)
        {
            if (!Network.NetworkGuard.TryParseNetwork(CallbackAllowedNetworks[i], out _))
            {
                yield return new ValidationResult(
                    $"'{CallbackAllowedNetworks[i]}' is not a CIDR network; write an address and a prefix length, such as 10.0.0.0/8 or fd00::/8",
                    [nameof(CallbackAllowedNetworks), $"{nameof(CallbackAllowedNetworks)}:{i}"]);
            }
        }
    }
}
