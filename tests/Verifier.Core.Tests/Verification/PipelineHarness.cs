using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Tests.Smtp;
using Verifier.Core.Verification;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Core.Tests.Verification;

/// <summary>
/// The pipeline built from its real parts, as the host builds it: a loopback DNS server, a loopback SMTP server
/// (and scripted peers on other loopback addresses, on the same port), the resolver, the prober and the
/// process-memory cache.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    /// <summary>Where the scripted peer that waits before its banner listens.</summary>
    public static readonly IPAddress SlowBanner = IPAddress.Parse("127.0.0.6");

    /// <summary>How long that peer waits: far longer than the short budgets the tests give.</summary>
    public static readonly TimeSpan SlowBannerDelay = TimeSpan.FromSeconds(3);

    private readonly LayeredCache cache;
    private readonly ScriptedSmtpPeer slow;

    private PipelineHarness(LoopbackDnsServer dns, LoopbackSmtpServer smtp)
    {
        Dns = dns;
        Smtp = smtp;
        slow = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.DelayedBanner(SlowBannerDelay), new IPEndPoint(SlowBanner, smtp.Port));

        var cacheOptions = Options.Create(new CacheOptions());
        cache = new LayeredCache(cacheOptions, TimeProvider.System, NullLogger<LayeredCache>.Instance);
        Pipeline = Build(dns.EndPoint, smtp.Port, cache, cacheOptions);
    }

    public LoopbackDnsServer Dns { get; }

    public LoopbackSmtpServer Smtp { get; }

    /// <summary>Connections the slow peer accepted.</summary>
    public int SlowConnections => slow.ConnectionCount;

    public VerificationPipeline Pipeline { get; }

    /// <summary>
    /// x.test and y.test on the SMTP server; slow.test on the slow peer; private.test on a private address the
    /// prober may not reach; nullmx.test with a null MX; anything else is NXDOMAIN.
    /// </summary>
    public static async Task<PipelineHarness> StartAsync()
    {
        var dns = LoopbackDnsServer.Start();
        var smtp = await LoopbackSmtpServer.StartAsync();
        dns.Mx("x.test", 10, "mx1.x.test").A("mx1.x.test", "127.0.0.1");
        dns.Mx("y.test", 10, "mx1.y.test").A("mx1.y.test", "127.0.0.1");
        dns.Mx("slow.test", 10, "mx.slow.test").A("mx.slow.test", SlowBanner.ToString());
        dns.Mx("private.test", 10, "mx.private.test").A("mx.private.test", "10.1.2.3");
        dns.NullMx("nullmx.test");
        smtp.Reply("alice@x.test", 250, "2.1.5 Ok")
            .Reply("bob@x.test", 550, "5.1.1 <bob@x.test>: Recipient address rejected: User unknown")
            .Reply("carol@y.test", 250, "2.1.5 Ok");
        return new PipelineHarness(dns, smtp);
    }

    /// <summary>A pipeline of real parts: DNS at <paramref name="dns"/>, SMTP on <paramref name="smtpPort"/> of any loopback address, verdicts and domain facts in <paramref name="cache"/>.</summary>
    public static VerificationPipeline Build(IPEndPoint dns, int smtpPort, LayeredCache cache, IOptions<CacheOptions> cacheOptions)
    {
        var dnsOptions = new DnsOptions { Servers = [dns.ToString()], Timeout = TimeSpan.FromSeconds(2) };
        var smtpOptions = ProbeHarness.Options(smtpPort);
        return new VerificationPipeline(
            new MailDomainResolver(LookupClientFactory.Create(dnsOptions), Options.Create(dnsOptions), NullLogger<MailDomainResolver>.Instance),
            ProbeHarness.Prober(smtpOptions),
            new DomainFactsCache(cache, cacheOptions),
            new VerdictCache(cache, cacheOptions),
            NetworkGuard.FromCidrs(smtpOptions.AllowedNetworks),
            Options.Create(new VerificationOptions()),
            Options.Create(new BatchOptions()),
            TimeProvider.System,
            NullLogger<VerificationPipeline>.Instance);
    }

    /// <summary>RCPT TO commands the SMTP server received for <paramref name="mailbox"/>.</summary>
    public int RcptCount(string mailbox) => Smtp.Recipients.Count(r => string.Equals(r, mailbox, StringComparison.OrdinalIgnoreCase));

    public Task<VerificationResult> VerifyAsync(string email, bool smtp = true, bool refresh = false, TimeSpan? budget = null) =>
        Pipeline.VerifyAsync(new VerificationRequest(email, smtp, budget, refresh), CancellationToken.None);

    public Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(IReadOnlyList<string> emails, bool smtp = true, bool refresh = false, bool bulk = false) =>
        Pipeline.VerifyManyAsync(emails, new BatchVerificationOptions(smtp, refresh, bulk), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Pipeline.StopBackgroundRunsAsync(CancellationToken.None);
        Pipeline.Dispose();
        cache.Dispose();
        await slow.DisposeAsync();
        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
    }
}
