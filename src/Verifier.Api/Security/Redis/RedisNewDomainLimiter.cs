using System.Globalization;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Redis;

namespace Verifier.Api.Security.Redis;

/// <summary>
/// The new-domain limit shared by every instance: per publishable key, a sorted set of the domains probed within
/// the last minute, scored by when they were first admitted, trimmed and checked by one script against Redis's own
/// clock. A domain already in the window is admitted at no cost. When Redis does not answer, this process's
/// <see cref="NewDomainLimiter"/> decides, so the limit still holds per instance during an outage.
/// </summary>
internal sealed class RedisNewDomainLimiter(BoundedRedis redis, NewDomainLimiter local, IOptions<AuthOptions> options) : INewDomainLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // ARGV: domain, limit, window in ms. Drops domains older than the window; admits a domain in the window, or a
    // new one while fewer than the limit remain; the set lives no longer than its newest domain.
    private const string AdmitScript = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local window = tonumber(ARGV[3])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
          return 1
        end
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], now, ARGV[1])
        redis.call('PEXPIRE', KEYS[1], window)
        return 1
        """;

    public async ValueTask<bool> TryAdmitAsync(string keyId, string domain, CancellationToken cancellationToken)
    {
        var (answered, result) = await redis.TryAsync(
            (Key: WindowKey(keyId), Domain: domain.ToLowerInvariant(), Limit: options.Value.PublishableNewDomainsPerMinute),
            static (database, window) => database.ScriptEvaluateAsync(
                AdmitScript,
                [window.Key],
                [window.Domain, window.Limit, (long)Window.TotalMilliseconds]),
            cancellationToken);
        return answered && result is not null
            ? (int)result == 1
            : local.TryAdmit(keyId, domain);
    }

    /// <summary>The sorted set of a publishable key's recent domains, by the key's name (never the key).</summary>
    public static string WindowKey(string keyId) => string.Create(CultureInfo.InvariantCulture, $"{CacheKeys.Prefix}v1:new-domains:{keyId}");
}
