using System.Globalization;
using System.Net;
using System.Text;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Web.Tests.Infrastructure;

/// <summary>
/// A small internet on loopback for the web page: a DNS server, an SMTP server on 127.0.0.1 that answers each
/// mailbox as scripted, and the application on a real loopback port configured to use them (the settings are
/// those of the API tests' MailWorld).
/// </summary>
public sealed class WebWorld(IReadOnlyDictionary<string, string?>? extraSettings = null) : IAsyncLifetime
{
    private static readonly IPAddress Mailbox = IPAddress.Parse("127.0.0.1");

    /// <summary>A mail server that takes <see cref="SlowReply"/> to answer each RCPT: a list of its addresses takes seconds.</summary>
    private static readonly IPAddress Slow = IPAddress.Parse("127.0.0.7");

    public static readonly TimeSpan SlowReply = TimeSpan.FromMilliseconds(40);

    /// <summary>Jobs are verified this many rows at a time, so progress moves in small steps.</summary>
    public const int ChunkSize = 20;

    private ScriptedSmtpPeer? slowPeer;

    private readonly string jobsDirectory = Path.Combine(Path.GetTempPath(), "verifier-web-tests-" + Guid.NewGuid().ToString("N"));

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public KestrelVerifierApplication App { get; private set; } = null!;

    /// <summary>A client for the same loopback address the browser uses.</summary>
    public HttpClient Http { get; private set; } = null!;

    public Uri Address => App.Address;

    public async Task InitializeAsync()
    {
        Dns = LoopbackDnsServer.Start();
        Smtp = await LoopbackSmtpServer.StartAsync();

        Route("ok.test");
        Route("catchall.test");
        Route("gmail.com");
        slowPeer = ScriptedSmtpPeer.Start(SlowServer, new IPEndPoint(Slow, Smtp.Port));
        Dns.Mx("slow.test", 10, "mx.slow.test").A("mx.slow.test", Slow.ToString());

        // ok.test rejects unknown mailboxes (the server's default 550 5.1.1), so its catch-all probe fails and a
        // 250 there proves the mailbox; catchall.test accepts everything.
        Smtp.Reply("alice@ok.test", 250, "2.1.5 Ok")
            .Reply("bob@ok.test", 550, "5.1.1 <bob@ok.test>: Recipient address rejected: User unknown in virtual mailbox table")
            .Reply("alice@gmail.com", 250, "2.1.5 OK")
            .ReplyToDomain("catchall.test", 250, "2.1.5 Ok");
        foreach (var row in ContactList.Rows)
        {
            if (row.Reply is { } reply)
            {
                Smtp.Reply(row.Email, reply.Code, reply.Text);
            }
        }

        var settings = Settings(Dns.EndPoint, Smtp.Port);
        settings["Verifier:Jobs:DataDirectory"] = jobsDirectory;
        settings["Verifier:Jobs:ChunkSize"] = ChunkSize.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        App = new KestrelVerifierApplication(settings);
        App.Start();
        Http = new HttpClient { BaseAddress = App.Address };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        if (slowPeer is not null)
        {
            await slowPeer.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
        try
        {
            Directory.Delete(jobsDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Configuration pointing the application at this world (the API tests' MailWorld settings).</summary>
    public static Dictionary<string, string?> Settings(IPEndPoint dns, int smtpPort) => new()
    {
        ["Verifier:Dns:Servers:0"] = dns.ToString(),
        ["Verifier:Dns:Timeout"] = "00:00:05",
        ["Verifier:Dns:Retries"] = "0",
        ["Verifier:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Verifier:Smtp:HeloName"] = "probe.verifier.test",
        ["Verifier:Smtp:MailFrom"] = "verify@verifier.test",
        ["Verifier:Smtp:AllowedNetworks:0"] = "127.0.0.0/8",
        ["Verifier:Smtp:ConnectTimeout"] = "00:00:02",
        ["Verifier:Smtp:CommandTimeout"] = "00:00:03",
        ["Verifier:Smtp:ProbeTimeout"] = "00:00:10",
    };

    /// <summary>Accepts the mailboxes whose local part starts with "slow" (so the catch-all probe is refused), each after <see cref="SlowReply"/>.</summary>
    private static async Task SlowServer(ScriptedSmtpConnection connection, CancellationToken cancellationToken)
    {
        await connection.WriteLineAsync("220 mx.slow.test ESMTP", cancellationToken);
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
            {
                await connection.WriteLineAsync("221 Bye", cancellationToken);
                return;
            }

            if (line.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(SlowReply, cancellationToken);
                await connection.WriteLineAsync(
                    line.Contains("<slow", StringComparison.OrdinalIgnoreCase) ? "250 2.1.5 Ok" : "550 5.1.1 User unknown",
                    cancellationToken);
                continue;
            }

            await connection.WriteLineAsync("250 mx.slow.test", cancellationToken);
        }
    }

    private void Route(string domain)
    {
        Dns.Mx(domain, 10, "mx." + domain).A("mx." + domain, Mailbox.ToString());
    }
}

/// <summary>A CRM export of a few hundred contacts whose verdicts are known in advance.</summary>
public static class ContactList
{
    public const int Count = 300;

    /// <summary>One contact: the address, the SMTP reply scripted for it (null: the server's default or no SMTP at all), the verdict and likely code expected.</summary>
    public sealed record Row(int Number, string Name, string Email, (int Code, string Text)? Reply, string Verdict, int? LikelyCode);

    public static IReadOnlyList<Row> Rows { get; } = [.. Enumerable.Range(1, Count).Select(Make)];

    /// <summary>The export as CSV: a header with an "E-mail" column among others, quoted fields with commas.</summary>
    public static string Csv()
    {
        var csv = new StringBuilder("Name,Company,E-mail,Notes\r\n");
        foreach (var row in Rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.Name},\"Acme, Inc.\",{row.Email},\"met at \"\"Expo {row.Number}\"\"\"\r\n");
        }

        return csv.ToString();
    }

    public static int CountOf(string verdict) => Rows.Count(r => r.Verdict == verdict);

    private static Row Make(int number)
    {
        var name = $"Contact {number.ToString(CultureInfo.InvariantCulture)}";
        var n = number.ToString(CultureInfo.InvariantCulture);
        return (number % 6) switch
        {
            0 => new Row(number, name, $"good{n}@ok.test", (250, "2.1.5 Ok"), "deliverable", 250),
            1 => new Row(number, name, $"gone{n}@ok.test", null, "undeliverable", 550),
            2 => new Row(number, name, $"full{n}@ok.test", (552, "5.2.2 Mailbox full: quota exceeded"), "risky", 552),
            3 => new Row(number, name, $"someone{n}@catchall.test", null, "risky", 250),
            4 => new Row(number, name, $"x{n}@nowhere.test", null, "undeliverable", 550),
            _ => number % 12 == 5
                ? new Row(number, name, $"good{n}@ok.test", (250, "2.1.5 Ok"), "deliverable", 250)
                : new Row(number, name, $"not an address {n}", null, "undeliverable", 553),
        };
    }
}
