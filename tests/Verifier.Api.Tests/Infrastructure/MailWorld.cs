using System.Net;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>
/// A small internet on loopback: a DNS server with one domain per behaviour, a scriptable SMTP
/// server on 127.0.0.1 and scripted peers on other loopback addresses (all on one port, since
/// the prober uses one port for every MX host), and the application configured to use them.
/// </summary>
public sealed class MailWorld : IAsyncLifetime
{
    public static readonly IPAddress Mailbox = IPAddress.Parse("127.0.0.1");
    public static readonly IPAddress NothingListening = IPAddress.Parse("127.0.0.2");
    public static readonly IPAddress Busy = IPAddress.Parse("127.0.0.3");
    public static readonly IPAddress Blocking = IPAddress.Parse("127.0.0.4");
    public static readonly IPAddress Silent = IPAddress.Parse("127.0.0.5");
    public static readonly IPAddress SlowBanner = IPAddress.Parse("127.0.0.6");

    /// <summary>How long the slow server waits before its banner: longer than a short request budget.</summary>
    public static readonly TimeSpan SlowBannerDelay = TimeSpan.FromMilliseconds(1500);

    private readonly List<IAsyncDisposable> peers = [];

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public VerifierApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = LoopbackDnsServer.Start();
        Smtp = await LoopbackSmtpServer.StartAsync();
        var port = Smtp.Port;

        peers.Add(ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Banner(421, "4.3.2 Service not available, closing transmission channel"), new IPEndPoint(Busy, port)));
        peers.Add(ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Banner(554, "5.7.1 Service unavailable; client host blocked using zen.spamhaus.org"), new IPEndPoint(Blocking, port)));
        peers.Add(ScriptedSmtpPeer.Start(ScriptedSmtpPeer.NeverAnswer, new IPEndPoint(Silent, port)));
        peers.Add(ScriptedSmtpPeer.Start(ScriptedSmtpPeer.DelayedBanner(SlowBannerDelay), new IPEndPoint(SlowBanner, port)));

        Route("ok.test", Mailbox);
        Route("catchall.test", Mailbox);
        Route("busy.test", Busy);
        Route("blocking.test", Blocking);
        Route("silent.test", Silent);
        Route("slow.test", SlowBanner);
        Route("down.test", NothingListening);
        Route("mailinator.com", Mailbox);
        Dns.Mx("private.test", 10, "mx.private.test").A("mx.private.test", "10.1.2.3");
        Dns.NullMx("nullmx.test");
        Dns.Txt("nomail.test", "v=spf1 -all");
        Dns.ServFail("servfail.test");

        // Dangling MX: the MX names a host that does not exist. The same with a host whose lookup fails (SERVFAIL).
        Dns.Mx("dangling.test", 10, "mx.gone.test");
        Dns.Mx("mxservfail.test", 10, "mx.servfail.test").ServFail("mx.servfail.test");
        Dns.A("implicit.test", "127.0.0.1");

        Smtp.Reply("alice@ok.test", 250, "2.1.5 Ok")
            .Reply("bob@ok.test", 550, "5.1.1 <bob@ok.test>: Recipient address rejected: User unknown in virtual mailbox table")
            .Reply("carol@ok.test", 550, "5.2.1 The email account that you tried to reach is disabled")
            .Reply("dave@ok.test", 552, "5.2.2 Mailbox full: quota exceeded")
            .Reply("erin@ok.test", 450, "4.2.0 <erin@ok.test>: Recipient address rejected: Greylisted, try again later")
            .ReplyToLocalPart("postmaster", 250, "2.1.5 Ok")
            .ReplyToDomain("catchall.test", 250, "2.1.5 Ok")
            .ReplyToDomain("implicit.test", 250, "2.1.5 Ok")
            .ReplyToDomain("mailinator.com", 250, "2.1.5 Ok");

        App = new VerifierApplication(Settings(Dns.EndPoint, port));
        Client = App.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        foreach (var peer in peers)
        {
            await peer.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
    }

    /// <summary>Configuration pointing the application at this world; tests may add or override keys.</summary>
    public static Dictionary<string, string?> Settings(IPEndPoint dns, int smtpPort) => new()
    {
        ["Verifier:Dns:Servers:0"] = dns.ToString(),
        ["Verifier:Dns:Timeout"] = "00:00:05",
        ["Verifier:Dns:Retries"] = "0",
        ["Verifier:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Verifier:Smtp:HeloName"] = "probe.verifier.test",
        ["Verifier:Smtp:MailFrom"] = "verify@verifier.test",
        ["Verifier:Smtp:AllowedNetworks:0"] = "127.0.0.0/8",
        ["Verifier:Smtp:ConnectTimeout"] = "00:00:02",
        ["Verifier:Smtp:CommandTimeout"] = "00:00:03",
        ["Verifier:Smtp:ProbeTimeout"] = "00:00:10",
    };

    private void Route(string domain, IPAddress address)
    {
        Dns.Mx(domain, 10, "mx." + domain).A("mx." + domain, address.ToString());
    }
}
