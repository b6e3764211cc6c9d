using Microsoft.Extensions.Diagnostics.HealthChecks;
using Verifier.Core.Redis;

namespace Verifier.Api.Health;

/// <summary>Redis answers PING in time: the shared cache is in use. Otherwise requests are being answered uncached.</summary>
internal sealed class RedisHealthCheck(RedisConnection connection, RedisOutageMonitor monitor, TimeProvider time) : IHealthCheck
{
    /// <summary>More generous than a request's bound: readiness asks whether Redis is there, not whether it is fast.</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        if (!connection.TryGetDatabase(out var database))
        {
            return new HealthCheckResult(failure, $"Redis {connection.Problem ?? "not connected"}; {Uncached()}");
        }

        try
        {
            var started = time.GetTimestamp();
            await database.PingAsync().WaitAsync(PingTimeout, time, cancellationToken);
            var elapsed = time.GetElapsedTime(started);

            // A PING answered is as good a sign as a cache call answered: an outage ends here too.
            monitor.ReportSuccess();
            return HealthCheckResult.Healthy($"Redis answered PING in {elapsed.TotalMilliseconds:0.0} ms");
        }
        catch (Exception error) when (error is TimeoutException or StackExchange.Redis.RedisException)
        {
            return new HealthCheckResult(failure, $"Redis did not answer PING: {error.Message}; {Uncached()}");
        }
    }

    private string Uncached() => monitor.DownSince is { } since
        ? $"requests answered uncached since {since:O}"
        : "requests answered uncached";
}
