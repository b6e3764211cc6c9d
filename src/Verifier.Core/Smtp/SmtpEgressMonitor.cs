namespace Verifier.Core.Smtp;

/// <summary>
/// Notices when outbound SMTP is blocked (many clouds block port 25): when MX hosts of several
/// unrelated domains in a row all fail to accept a TCP connection, the fault is more likely on
/// our side than on theirs. Any established connection clears the suspicion.
/// </summary>
public sealed class SmtpEgressMonitor(TimeProvider time)
{
    /// <summary>Distinct domains whose every MX failed to connect, with no success in between, before egress is suspected.</summary>
    public const int DomainsBeforeSuspicion = 5;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _failingDomains = new(StringComparer.Ordinal);
    private DateTimeOffset? _suspectedSince;

    /// <summary>Since when outbound SMTP looks blocked; null while connections succeed.</summary>
    public DateTimeOffset? SuspectedSince
    {
        get
        {
            lock (_gate)
            {
                return _suspectedSince;
            }
        }
    }

    public static string Explanation =>
        "Outbound SMTP looks blocked: no MX host of several unrelated domains accepted a connection. "
        + "Many cloud providers block port 25; probe through a host that may connect (Verifier:Smtp:Proxy). "
        + "Addresses are reported unknown, not undeliverable, until connections succeed again.";

    public void Record(string domain, MailboxProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (result.Connected)
            {
                _failingDomains.Clear();
                _suspectedSince = null;
                return;
            }

            if (result.Outcome is ProbeOutcome.ConnectFailed or ProbeOutcome.Timeout)
            {
                _failingDomains.Add(domain);
                if (_failingDomains.Count >= DomainsBeforeSuspicion)
                {
                    _suspectedSince ??= time.GetUtcNow();
                }
            }
        }
    }
}
