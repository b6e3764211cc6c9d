using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Smtp;

public sealed class SmtpEgressMonitorTests
{
    private readonly SmtpEgressMonitor monitor = new(new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Failures_on_fewer_distinct_domains_than_the_threshold_are_not_suspicious()
    {
        for (var i = 0; i < 20; i++)
        {
            monitor.Record("d" + (i % (SmtpEgressMonitor.DomainsBeforeSuspicion - 1)) + ".test", Result(ProbeOutcome.ConnectFailed, connected: false));
        }

        Assert.Null(monitor.SuspectedSince);
    }

    [Fact]
    public void Unconnectable_mx_hosts_of_several_domains_raise_suspicion_and_a_connection_clears_it()
    {
        for (var i = 0; i < SmtpEgressMonitor.DomainsBeforeSuspicion; i++)
        {
            monitor.Record($"d{i}.test", Result(i % 2 == 0 ? ProbeOutcome.ConnectFailed : ProbeOutcome.Timeout, connected: false));
        }

        Assert.NotNull(monitor.SuspectedSince);

        monitor.Record("ok.test", Result(ProbeOutcome.Completed, connected: true));

        Assert.Null(monitor.SuspectedSince);
    }

    [Fact]
    public void A_server_that_answered_and_then_timed_out_is_not_evidence_of_blocked_egress()
    {
        for (var i = 0; i < 10; i++)
        {
            monitor.Record($"d{i}.test", Result(ProbeOutcome.Timeout, connected: true));
        }

        Assert.Null(monitor.SuspectedSince);
    }

    private static MailboxProbeResult Result(ProbeOutcome outcome, bool connected) =>
        new(outcome, "mx.test", new Dictionary<string, SmtpReply>(), null, null, null, TimeSpan.Zero) { Connected = connected };
}
