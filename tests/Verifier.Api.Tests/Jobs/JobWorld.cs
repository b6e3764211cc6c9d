using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Jobs;

/// <summary>
/// The loopback internet of <see cref="MailWorld"/> for job tests, with a data directory of its own and
/// applications made on demand (so a test can stop one and start another on the same directory). Domains:
/// ok.test (the scriptable SMTP server), gate.test (a server that says nothing until <see cref="OpenGate"/>,
/// then accepts everything), missing.test (NXDOMAIN).
/// </summary>
public sealed class JobWorld : IAsyncDisposable
{
    public static readonly IPAddress Gated = IPAddress.Parse("127.0.0.7");

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IAsyncDisposable> _peers = [];
    private readonly List<VerifierApplication> _apps = [];

    private JobWorld()
    {
    }

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "verifier-jobs-" + Guid.NewGuid().ToString("N"));

    public static async Task<JobWorld> StartAsync()
    {
        var world = new JobWorld();
        world.Dns = LoopbackDnsServer.Start();
        world.Smtp = await LoopbackSmtpServer.StartAsync();
        var port = world.Smtp.Port;
        var gate = world._gate;
        world._peers.Add(ScriptedSmtpPeer.Start(
            async (connection, ct) =>
            {
                await gate.Task.WaitAsync(ct);
                await ScriptedSmtpPeer.AcceptEverything(connection, ct);
            },
            new IPEndPoint(Gated, port)));

        world.Dns.Mx("ok.test", 10, "mx.ok.test").A("mx.ok.test", MailWorld.Mailbox.ToString());
        world.Dns.Mx("gate.test", 10, "mx.gate.test").A("mx.gate.test", Gated.ToString());
        world.Smtp.Reply("alice@ok.test", 250, "2.1.5 Ok")
            .Reply("bob@ok.test", 550, "5.1.1 <bob@ok.test>: Recipient address rejected: User unknown in virtual mailbox table")
            .Reply("carol@ok.test", 550, "5.2.1 The email account that you tried to reach is disabled")
            .Reply("dave@ok.test", 552, "5.2.2 Mailbox full: quota exceeded");
        return world;
    }

    /// <summary>Lets gate.test answer.</summary>
    public void OpenGate() => _gate.TrySetResult();

    /// <summary>An application on this world and data directory; <paramref name="settings"/> add or override keys.</summary>
    public VerifierApplication CreateApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = MailWorld.Settings(Dns.EndPoint, Smtp.Port);
        all["Verifier:Jobs:DataDirectory"] = DataDirectory;
        all["Verifier:Jobs:ChunkSize"] = "3";
        all["Verifier:Jobs:RetryDelays:0"] = "00:00:00.200";
        all["Verifier:Jobs:MaxRetries"] = "2";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = new VerifierApplication(all);
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        OpenGate();
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Reads a job's server-sent events until the stream ends; <paramref name="onData"/> runs after each event.</summary>
    public static async Task<List<(string Name, JsonElement Data)>> ReadEventsAsync(HttpClient client, string id, Action? onData = null)
    {
        using var response = await client.GetAsync(new Uri($"/v1/jobs/{id}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string Name, JsonElement Data)>();
        string? name = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                onData?.Invoke();
            }
        }

        return events;
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string query = "", string contentType = "text/csv") =>
        await UploadAsync(client, Encoding.UTF8.GetBytes(csv), query, contentType);

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] csv, string query = "", string contentType = "text/csv")
    {
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await client.PostAsync(new Uri("/v1/jobs" + query, UriKind.Relative), content);
    }

    /// <summary>Uploads and returns the new job's id, asserting 202 and the Location header.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string csv, string query = "")
    {
        using var response = await UploadAsync(client, csv, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        var id = json.GetProperty("id").GetString()!;
        Assert.Equal("queued", json.GetProperty("status").GetString());
        Assert.Equal($"/v1/jobs/{id}", response.Headers.Location?.ToString());
        return id;
    }

    /// <summary>Polls the progress until the job is finished; returns it.</summary>
    public static async Task<JsonElement> WaitForFinishAsync(HttpClient client, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var progress = await client.GetJsonAsync($"/v1/jobs/{id}");
            var status = progress.GetProperty("status").GetString();
            if (status is "completed" or "failed" or "cancelled")
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} still {status}: {progress}");
            await Task.Delay(25);
        }
    }

    /// <summary>Polls the progress until <paramref name="condition"/> holds; returns it.</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var progress = await client.GetJsonAsync($"/v1/jobs/{id}");
            if (condition(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id}: condition not met: {progress}");
            await Task.Delay(20);
        }
    }
}
