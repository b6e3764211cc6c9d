using Microsoft.Extensions.Diagnostics.HealthChecks;
using Verifier.Core.Smtp;

namespace Verifier.Api.Health;

/// <summary>Readiness reports a blocked outbound port 25 as degraded: the service answers, but mailbox checks cannot.</summary>
internal sealed class SmtpEgressHealthCheck(SmtpEgressMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(monitor.SuspectedSince is { } since
            ? HealthCheckResult.Degraded($"{SmtpEgressMonitor.Explanation} Since {since:u}.")
            : HealthCheckResult.Healthy("MX hosts accept connections."));
}
