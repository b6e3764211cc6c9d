using Verifier.Core.Caching;

namespace Verifier.Core.Jobs.Redis;

/// <summary>
/// Every Redis key and channel of the jobs backend, one prefix per kind. A job is four keys, all under
/// <c>verifier:v1:job:{id}:</c> and all expiring with the job:
/// <code>
/// verifier:v1:job:{id}:state     hash: "def" (the state as committed, JSON) and the live fields (status, counts, version, …)
/// verifier:v1:job:{id}:rows      hash: chunk n → the exact bytes of its records
/// verifier:v1:job:{id}:results   hash: chunk n → its final results (RowResultCodec)
/// verifier:v1:job:{id}:pending   hash: chunk n → its latest results while rows wait for a retry (JSON)
/// verifier:v1:jobs:index         sorted set: job id, scored by expiry (unix ms)
/// verifier:v1:jobs:stream        stream of chunks to process (fields job, chunk), consumer group "workers"
/// verifier:v1:jobs:delayed       sorted set: "{id}:{chunk}" due for a retry, scored by due time (unix ms)
/// verifier:v1:jobs:deleted       pub/sub channel: the id of each deleted job
/// </code>
/// One hash per kind (rather than one key per chunk) keeps a job at four keys, so deleting it and setting its
/// expiry are single commands whatever its size.
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
