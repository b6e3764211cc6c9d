using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Operations;

/// <summary>
/// The real API process receives SIGTERM in the middle of a job, stops, and a new process on the same data
/// directory finishes the job with every row exactly once.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const int Rows = 60;

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "verifier-shutdown-" + Guid.NewGuid().ToString("N"));
    private LoopbackDnsServer dns = null!;
    private ScriptedSmtpPeer smtp = null!;

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
        using (var first = await ApiProcess.StartAsync(Environment()))
        {
            using var upload = await first.Client.PostAsync(new Uri("/v1/jobs", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            id = (await HttpJson.ReadAsync(upload)).Str("id");

            var before = await WaitAsync(first.Client, id, p => p.GetProperty("processed").GetInt32() > 0);
            Assert.True(before.GetProperty("processed").GetInt32() < Rows, "the job finished before it could be interrupted");
            var exitCode = await first.TerminateAsync();
            Assert.Equal(0, exitCode);
        }

        using var second = await ApiProcess.StartAsync(Environment());
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

    /// <summary>The published API started as its own process on a free loopback port.</summary>
    private sealed class ApiProcess : IDisposable
    {
        private readonly Process process;

        private ApiProcess(Process process, HttpClient client)
        {
            this.process = process;
            Client = client;
        }

        public HttpClient Client { get; }

        public static async Task<ApiProcess> StartAsync(Dictionary<string, string> environment)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "Verifier.Api.dll"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                try
                {
                    using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                    if (live.IsSuccessStatusCode)
                    {
                        return new ApiProcess(process, client);
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    client.Dispose();
                    throw new InvalidOperationException($"The API process did not start (exited: {process.HasExited}).");
                }

                await Task.Delay(100);
            }
        }

        /// <summary>Sends SIGTERM, as a container runtime does, and waits for the process to end.</summary>
        public async Task<int> TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }

        public void Dispose()
        {
            Client.Dispose();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
