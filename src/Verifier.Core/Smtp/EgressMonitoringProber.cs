namespace Verifier.Core.Smtp;

/// <summary>Feeds every probe outcome to the <see cref="SmtpEgressMonitor"/> and, while egress looks blocked, says so in the result.</summary>
public sealed class EgressMonitoringProber(SmtpMailboxProber inner, SmtpEgressMonitor monitor) : IMailboxProber
{
    public async Task<MailboxProbeResult> ProbeAsync(MailboxProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await inner.ProbeAsync(request, cancellationToken).ConfigureAwait(false);
        monitor.Record(request.Domain, result);

        if (!result.Connected && monitor.SuspectedSince is not null && result.Outcome is ProbeOutcome.ConnectFailed or ProbeOutcome.Timeout)
        {
            return result with { Error = string.IsNullOrEmpty(result.Error) ? SmtpEgressMonitor.Explanation : result.Error + " " + SmtpEgressMonitor.Explanation };
        }

        return result;
    }
}
