using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Verifier.Api.Security.Redis;

namespace Verifier.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter with one token bucket per caller: per secret key, per publishable key and client IP
/// address (one visitor cannot spend a signup form's allowance for everyone), or per client IP address when the API
/// is open. Requests outside <c>/v1</c> are not limited. A refusal is 429 problem details with <c>Retry-After</c>.
/// With Redis the buckets are shared by every instance (<see cref="RedisTokenBuckets"/>, registered by
/// <see cref="Infrastructure.RedisSetup"/>); without it, each process has its own.
/// </summary>
internal static class RateLimitSetup
{
    /// <summary>The partitioned limiter replenishes every 100 ms; no bucket is asked to refill faster.</summary>
    private static readonly TimeSpan MinReplenishmentPeriod = TimeSpan.FromMilliseconds(100);

    public static IServiceCollection AddVerifierRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IServiceProvider>((options, limits, provider) =>
        {
            var shared = provider.GetService<RedisTokenBuckets>();
            Configure(options, context => Partition(context, limits.Value, shared));
        });
        return services;
    }

    /// <summary>A bucket holding a minute's permits, refilled evenly: every 100 ms or slower, one or more tokens at a time.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int permitsPerMinute)
    {
        var period = TimeSpan.FromTicks(Math.Max(MinReplenishmentPeriod.Ticks, TimeSpan.FromMinutes(1).Ticks / permitsPerMinute));
        var tokens = Math.Max(1, (int)Math.Round(permitsPerMinute * period.TotalMinutes));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permitsPerMinute,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static void Configure(RateLimiterOptions limiter, Func<HttpContext, RateLimitPartition<string>> partition)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create(partition);
        limiter.OnRejected = (context, _) => new ValueTask(RejectAsync(context));
    }

    /// <summary>The caller's bucket, keyed by the key's name (never the key), with <c>@</c> and the client address where it counts.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits, RedisTokenBuckets? shared)
    {
        var (key, permits) = context.Features.Get<ApiCaller>() switch
        {
            { Kind: ApiCallerKind.Secret } caller => (caller.Id!, limits.PermitsPerMinute),
            { Kind: ApiCallerKind.Publishable } caller => (caller.Id + "@" + caller.ClientAddress, limits.PublishablePermitsPerMinute),
            { Kind: ApiCallerKind.Open } caller => ("ip@" + caller.ClientAddress, limits.PermitsPerMinute),
            _ => (null, 0),
        };

        return (key, shared) switch
        {
            (null, _) => RateLimitPartition.GetNoLimiter(string.Empty),
            (_, null) => RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(permits)),
            _ => RateLimitPartition.Get(key, partitionKey => shared.Limiter(partitionKey, permits)),
        };
    }

    private static Task RejectAsync(OnRejectedContext rejected)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return SecurityProblems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            string.Create(CultureInfo.InvariantCulture, $"The rate limit of this caller is spent; retry after {seconds} s."));
    }
}
