using System.Diagnostics;
using Verifier.Core.Dns;
using Verifier.Core.Smtp;

namespace Verifier.Core.Telemetry;

/// <summary>
/// The engine's spans, from one <see cref="ActivitySource"/> named <see cref="SourceName"/>:
/// <list type="bullet">
/// <item><c>dns.resolve</c>: one mail-routing lookup of a domain (<c>dns.question.name</c>, <c>verifier.dns.status</c>,
/// <c>verifier.dns.mx_count</c>).</item>
/// <item><c>smtp.probe</c>: one SMTP probe of a domain's MX hosts (<c>verifier.domain</c>, <c>server.address</c> = the MX
/// host that answered or was tried last, <c>verifier.smtp.outcome</c>, <c>verifier.smtp.recipients</c>).</item>
/// </list>
/// Attributes name domains and hosts, never an address: spans leave the process when an exporter is configured.
/// </summary>
public static class VerifierTracing
{
    public const string SourceName = "Verifier";

    public const string DnsResolve = "dns.resolve";

    public const string SmtpProbe = "smtp.probe";

    private static readonly ActivitySource Source = new(SourceName, typeof(VerifierTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts <c>dns.resolve</c> for <paramref name="domain"/>; null when nobody listens.</summary>
    public static Activity? StartDnsResolve(string domain)
    {
        var activity = Source.StartActivity(DnsResolve, ActivityKind.Client);
        activity?.SetTag("dns.question.name", domain);
        return activity;
    }

    /// <summary>Ends <c>dns.resolve</c> with what the lookup found; SERVFAIL and time-outs are errors.</summary>
    public static void DnsResolved(Activity? activity, DomainMailInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("verifier.dns.status", info.Status.ToString());
        activity.SetTag("verifier.dns.mx_count", info.MailExchangers.Count);
        if (info.Status is DomainStatus.ServerFailure or DomainStatus.Timeout)
        {
            activity.SetStatus(ActivityStatusCode.Error, info.Status.ToString());
        }
    }

    /// <summary>Starts <c>smtp.probe</c> of <paramref name="domain"/>'s MX hosts; null when nobody listens.</summary>
    public static Activity? StartSmtpProbe(string domain, int recipients)
    {
        var activity = Source.StartActivity(SmtpProbe, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("verifier.domain", domain);
            activity.SetTag("verifier.smtp.recipients", recipients);
        }

        return activity;
    }

    /// <summary>Ends <c>smtp.probe</c> with its host and outcome; an outcome other than completed is an error.</summary>
    public static void SmtpProbed(Activity? activity, MailboxProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("server.address", result.Host);
        activity.SetTag("verifier.smtp.outcome", result.Outcome.ToString());
        if (result.Outcome != ProbeOutcome.Completed)
        {
            activity.SetStatus(ActivityStatusCode.Error, result.Outcome.ToString());
        }
    }

    /// <summary>Marks a span that ended with an exception (cancellation included).</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
    }
}
