using System.Net;
using System.Security.Cryptography;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Domains;

/// <summary>
/// Domains with sender-side records on a loopback DNS server, a blocklist zone (<c>bl.test</c>, listing 127.0.0.2
/// as every DNSBL does for testing), an SMTP server on 127.0.0.1 for catch-all probes, and the application
/// configured to use them.
/// </summary>
public sealed class DomainsWorld : IAsyncLifetime
{
    public const string BlocklistZone = "bl.test";

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public VerifierApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = LoopbackDnsServer.Start();
        Smtp = await LoopbackSmtpServer.StartAsync();

        // A well set-up sender whose second MX address is on the blocklist.
        Dns.Mx("sender.test", 10, "mx1.sender.test")
            .Mx("sender.test", 20, "mx2.sender.test")
            .A("mx1.sender.test", "127.0.0.1")
            .A("mx2.sender.test", "127.0.0.2")
            .Txt("sender.test", "v=spf1 include:_spf.provider.test -all")
            .Txt("_spf.provider.test", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all")
            .Txt("_dmarc.sender.test", "v=DMARC1; p=reject; rua=mailto:dmarc@sender.test")
            .Txt("s1._domainkey.sender.test", $"v=DKIM1; k=rsa; p={PublicKey()}")
            .Txt("old._domainkey.sender.test", "v=DKIM1; k=rsa; p=");

        // A careless one: SPF open to all and through too many includes, DMARC monitoring only.
        Dns.Mx("careless.test", 10, "mx.careless.test")
            .A("mx.careless.test", "127.0.0.1")
            .Txt("careless.test", "v=spf1 ptr include:i1.test include:i2.test include:i3.test include:i4.test include:i5.test include:i6.test +all")
            .Txt("_dmarc.careless.test", "v=DMARC1; p=none");
        for (var i = 1; i <= 6; i++)
        {
            Dns.Txt($"i{i}.test", "v=spf1 a mx -all");
        }

        // No authentication at all.
        Dns.Mx("bare.test", 10, "mx.bare.test").A("mx.bare.test", "127.0.0.1");

        // Catch-all and strict servers for the probe.
        Dns.Mx("catchall.test", 10, "mx.catchall.test").A("mx.catchall.test", "127.0.0.1");
        Dns.Mx("strict.test", 10, "mx.strict.test").A("mx.strict.test", "127.0.0.1");
        Smtp.ReplyToDomain("catchall.test", 250, "2.1.5 Ok");

        // An internationalised domain (bücher.test).
        Dns.Mx("xn--bcher-kva.test", 10, "mx.xn--bcher-kva.test").A("mx.xn--bcher-kva.test", "127.0.0.1");

        Dns.NullMx("nullmx.test");

        Dns.A("2.0.0.127." + BlocklistZone, "127.0.0.2")
            .Txt("2.0.0.127." + BlocklistZone, "Listed: https://bl.test/lookup?ip=127.0.0.2");

        var settings = MailWorld.Settings(Dns.EndPoint, Smtp.Port);
        settings["Verifier:Blocklists:Zones:0"] = BlocklistZone;
        settings["Verifier:Blocklists:Timeout"] = "00:00:02";
        App = new VerifierApplication(settings);
        Client = App.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
    }

    private static string PublicKey()
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }
}
