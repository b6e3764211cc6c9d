using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Operations;

/// <summary>
/// The real API process receives SIGTERM in the middle of a job, stops, ending its SMTP sessions with QUIT, and a
/// new process on the same data directory finishes the job with every row exactly once.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const int Rows = 60;

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "verifier-shutdown-" + Guid.NewGuid().ToString("N"));
    private LoopbackDnsServer dns = null!;
    private ScriptedSmtpPeer smtp = null!;
    private int quits;

    public Task InitializeAsync()
    {
        dns = LoopbackDnsServer.Start();
        dns.Mx("slow.test", 10, "mx.slow.test").A("mx.slow.test", "127.0.0.1");

        // Accepts user0..user59 except every fifth, which is unknown; each reply takes a while, so the job spans seconds.
        smtp = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            await connection.WriteLineAsync("220 mx.slow.test ESMTP", ct);
            while (await connection.ReadLineAsync(ct) is { } line)
            {
                await Task.Delay(40, ct);
                if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
                {
                    Interlocked.Increment(ref quits);
                    await connection.WriteLineAsync("221 Bye", ct);
                    return;
                }

                await connection.WriteLineAsync(Reply(line), ct);
            }
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await dns.DisposeAsync();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_mid_job_then_restart_finishes_every_row_exactly_once()
    {
        var csv = new StringBuilder("email\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"user{i}@slow.test\n");
        }

        string id;
        await using (var first = ApiProcess.Start(Environment()))
        {
            await first.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
            using var upload = await first.Client.PostAsync(new Uri("/v1/jobs", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            id = (await HttpJson.ReadAsync(upload)).Str("id");

            var before = await WaitAsync(first.Client, id, p => p.GetProperty("processed").GetInt32() > 0);
            Assert.True(before.GetProperty("processed").GetInt32() < Rows, "the job finished before it could be interrupted");
            var exitCode = await first.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, exitCode);
        }

        // Every session the first process opened, the one cut short by SIGTERM included, ended with QUIT.
        Assert.Equal(smtp.ConnectionCount, Volatile.Read(ref quits));

        await using var second = ApiProcess.Start(Environment());
        await second.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
        var done = await WaitAsync(second.Client, id, p => p.Str("status") == "completed");

        Assert.Equal(Rows, done.GetProperty("total").GetInt32());
        Assert.Equal(Rows, done.GetProperty("processed").GetInt32());
        Assert.Equal(Rows / 5, done.GetProperty("counts").GetProperty("undeliverable").GetInt32());
        var results = await second.Client.GetStringAsync(new Uri($"/v1/jobs/{id}/results?format=csv", UriKind.Relative));
        var lines = results.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => $"user{i}@slow.test"), lines.Select(l => l.Split(',')[0]));
        Assert.All(lines.Select((line, i) => (line, i)), x => Assert.Contains(x.i % 5 == 0 ? ",mailbox_not_found," : ",catch_all,", x.line, StringComparison.Ordinal));
    }

    private static string Reply(string command)
    {
        if (!command.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase))
        {
            return command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) ? "250 mx.slow.test" : "250 Ok";
        }

        var local = command[(command.IndexOf('<', StringComparison.Ordinal) + 1)..command.IndexOf('@', StringComparison.Ordinal)];
        return local.StartsWith("user", StringComparison.Ordinal)
            && int.TryParse(local.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n % 5 == 0
            ? "550 5.1.1 User unknown"
            : "250 2.1.5 Ok";
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Verifier__Dns__Servers__0"] = dns.EndPoint.ToString(),
        ["Verifier__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Verifier__Smtp__AllowedNetworks__0"] = "127.0.0.0/8",
        ["Verifier__Smtp__HeloName"] = "probe.verifier.test",
        ["Verifier__Smtp__MailFrom"] = "verify@verifier.test",
        ["Verifier__Jobs__DataDirectory"] = dataDirectory,
        ["Verifier__Jobs__ChunkSize"] = "5",
        ["Verifier__Worker__Concurrency"] = "1",
    };

    private static async Task<JsonElement> WaitAsync(HttpClient client, string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var progress = await client.GetJsonAsync($"/v1/jobs/{id}");
            if (condition(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, "the job did not get there in time: " + progress);
            await Task.Delay(100);
        }
    }
}
