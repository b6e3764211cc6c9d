using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Security;

/// <summary>
/// DNS and SMTP on loopback for the security tests: a recording SMTP server on 127.0.0.1 (mailboxes at ok.test),
/// and applications configured to use them, with whatever keys, limits and allowed networks a test sets.
/// </summary>
public sealed class SecurityWorld : IAsyncLifetime
{
    public const string SecretKey = "sk_test_0123456789abcdef";
    public const string HashedSecretKey = "sk_test_hashed_fedcba9876543210";
    public const string PublishableKey = "pk_test_signup_form_0001";
    public const string ShopOrigin = "https://shop.example";

    private readonly List<IAsyncDisposable> _owned = [];

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public int Port => Smtp.Port;

    public async Task InitializeAsync()
    {
        Dns = LoopbackDnsServer.Start();
        Smtp = await LoopbackSmtpServer.StartAsync();
        Route("ok.test", MailWorld.Mailbox);
        Smtp.Reply("alice@ok.test", 250, "2.1.5 Ok").ReplyToLocalPart("postmaster", 250, "2.1.5 Ok");
        for (var i = 0; i < 20; i++)
        {
            Route($"d{i}.test", MailWorld.Mailbox);
            Smtp.ReplyToDomain($"d{i}.test", 250, "2.1.5 Ok");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
    }

    /// <summary>MX of <paramref name="domain"/> is mx.<paramref name="domain"/>, with the given address.</summary>
    public void Route(string domain, IPAddress address)
    {
        Dns.Mx(domain, 10, "mx." + domain);
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            Dns.A("mx." + domain, address.ToString());
        }
        else
        {
            Dns.Aaaa("mx." + domain, address.ToString());
        }
    }

    /// <summary>A scripted peer on <paramref name="address"/> and the SMTP port, stopped with the world.</summary>
    public ScriptedSmtpPeer Peer(IPAddress address, Func<ScriptedSmtpConnection, CancellationToken, Task> script)
    {
        var peer = ScriptedSmtpPeer.Start(script, new IPEndPoint(address, Port));
        _owned.Add(peer);
        return peer;
    }

    /// <summary>The base settings (loopback DNS and SMTP, short time-outs, 127.0.0.0/8 allowed) with <paramref name="overrides"/>.</summary>
    public Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = MailWorld.Settings(Dns.EndPoint, Port);
        settings["Verifier:RateLimit:PermitsPerMinute"] = "100000";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Settings with one secret key, one hashed secret key and one publishable key for <see cref="ShopOrigin"/>.</summary>
    public Dictionary<string, string?> KeyedSettings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var keyed = new Dictionary<string, string?>
        {
            ["Verifier:Auth:ApiKeys:0"] = SecretKey,
            ["Verifier:Auth:ApiKeys:1"] = "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(HashedSecretKey))),
            ["Verifier:Auth:PublishableKeys:0:Key"] = PublishableKey,
            ["Verifier:Auth:PublishableKeys:0:Origins:0"] = ShopOrigin,
            ["Verifier:Auth:PublishableKeys:0:Origins:1"] = "http://localhost:5173",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            keyed[key] = value;
        }

        return Settings(keyed);
    }

    /// <summary>A started application with these settings (and a log capture when given); disposed by the caller.</summary>
    public static WebApplicationFactory<Program> App(Dictionary<string, string?> settings, LogCapture? logs = null)
    {
        var app = new VerifierApplication(settings);
        return logs is null ? app : app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
    }

    public static string Ms(int milliseconds) => milliseconds.ToString(CultureInfo.InvariantCulture);
}
