using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Verifier.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter with one token bucket per caller: per secret key, per publishable key and client IP
/// address (one visitor cannot spend a signup form's allowance for everyone), or per client IP address when the API
/// is open. Requests outside <c>/v1</c> are not limited. A refusal is 429 problem details with <c>Retry-After</c>.
/// </summary>
internal static class RateLimitSetup
{
    /// <summary>The partitioned limiter replenishes every 100 ms; no bucket is asked to refill faster.</summary>
    private static readonly TimeSpan MinReplenishmentPeriod = TimeSpan.FromMilliseconds(100);

    public static IServiceCollection AddVerifierRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            limiter.OnRejected = (context, _) => new ValueTask(RejectAsync(context));
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

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var (key, permits) = context.Features.Get<ApiCaller>() switch
        {
            { Kind: ApiCallerKind.Secret } caller => (caller.Id!, limits.PermitsPerMinute),
            { Kind: ApiCallerKind.Publishable } caller => (caller.Id + "@" + caller.ClientAddress, limits.PublishablePermitsPerMinute),
            { Kind: ApiCallerKind.Open } caller => ("ip@" + caller.ClientAddress, limits.PermitsPerMinute),
            _ => (null, 0),
        };

        return key is null
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(permits));
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
