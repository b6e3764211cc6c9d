using Verifier.Core.Caching;

namespace Verifier.Core.Jobs.Redis;

/// <summary>
/// Every Redis key and channel of the jobs backend, one prefix per kind. A job is four hashes under
/// <c>verifier:v1:job:{id}:</c> (state, rows, results, pending), all expiring with the job, so deleting it and setting
/// its expiry are single commands whatever its size. The table of keys: Jobs/README.md, "Redis".
/// </summary>
public static class RedisJobKeys
{
    /// <summary>The prefix of every key of the jobs backend.</summary>
    public const string Prefix = CacheKeys.Prefix + "v1:";

    /// <summary>The consumer group every worker reads the stream through.</summary>
    public const string Group = "workers";

    public const string Stream = Prefix + "jobs:stream";

    public const string Delayed = Prefix + "jobs:delayed";

    public const string Index = Prefix + "jobs:index";

    public const string DeletedChannel = Prefix + "jobs:deleted";

    /// <summary>The prefix of one job's keys (for SCAN).</summary>
    public static string Job(string id) => Prefix + "job:" + id + ":";

    public static string State(string id) => Job(id) + "state";

    public static string Rows(string id) => Job(id) + "rows";

    public static string Results(string id) => Job(id) + "results";

    public static string Pending(string id) => Job(id) + "pending";
}
