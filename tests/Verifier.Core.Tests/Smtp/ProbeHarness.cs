using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verifier.Core.Dns;
using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Smtp;

/// <summary>Short time limits and loopback-only settings for probing the test servers.</summary>
internal static class ProbeHarness
{
    public const string Domain = "x.test";

    /// <summary>On loopback but with nothing listening: connections are refused.</summary>
    public static readonly IPAddress NothingListening = IPAddress.Parse("127.0.0.2");

    public static SmtpOptions Options(int port, Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions
        {
            Port = port,
            HeloName = "probe.verifier.test",
            MailFrom = "verify@verifier.test",
            // Generous: an answer arrives in milliseconds, and a loaded CI machine must not turn a
            // slow first session into a time-out. Tests about time-outs set their own short limits.
            ConnectTimeout = TimeSpan.FromSeconds(5),
            CommandTimeout = TimeSpan.FromSeconds(5),
            ProbeTimeout = TimeSpan.FromSeconds(20),
        };
        options.AllowedNetworks.Add("127.0.0.0/8");
        configure?.Invoke(options);
        return options;
    }

    public static SmtpMailboxProber Prober(SmtpOptions options, IHostSessionLimiter? limiter = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), limiter ?? new HostSessionLimiter(options.MaxSessionsPerHost), TimeProvider.System, NullLogger<SmtpMailboxProber>.Instance);

    public static MailExchanger Mx(string host, params IPAddress[] addresses) => new(host, 10, addresses);

    public static MailboxProbeRequest Request(IReadOnlyList<MailExchanger> exchangers, bool detectCatchAll, params string[] recipients) =>
        new(Domain, exchangers, recipients, detectCatchAll);

    public static MailboxProbeRequest Request(params string[] recipients) =>
        Request([Mx("mx1.x.test", IPAddress.Loopback)], detectCatchAll: false, recipients);

    public static Task<MailboxProbeResult> ProbeAsync(int port, MailboxProbeRequest request, Action<SmtpOptions>? configure = null) =>
        Prober(Options(port, configure)).ProbeAsync(request, CancellationToken.None);
}
