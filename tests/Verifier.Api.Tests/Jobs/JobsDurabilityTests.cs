using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Callbacks;

namespace Verifier.Api.Tests.Jobs;

public sealed class JobsDurabilityTests
{
    [Fact]
    public async Task A_job_stopped_mid_way_resumes_in_a_new_process_with_every_row_once()
    {
        await using var world = await JobWorld.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Verifier:Jobs:ChunkSize"] = "2",
            ["Verifier:Worker:Concurrency"] = "1",
        };
        const string Csv = "email\nalice@ok.test\nbob@ok.test\nu1@gate.test\nu2@gate.test\ncarol@ok.test\ndave@ok.test\n";

        string id;
        var first = world.CreateApp(settings);
        using (var client = first.CreateClient())
        {
            id = await JobWorld.SubmitAsync(client, Csv);

            // Chunk 0 is done; chunk 1 is held by the silent server of gate.test.
            var progress = await JobWorld.WaitForAsync(client, id, p => p.GetProperty("processed").GetInt32() == 2);
            Assert.Equal("running", progress.Str("status"));
        }

        await first.DisposeAsync();
        world.OpenGate();

        await using var second = world.CreateApp(settings);
        using var resumed = second.CreateClient();
        var done = await JobWorld.WaitForFinishAsync(resumed, id);

        Assert.Equal("completed", done.Str("status"));
        Assert.Equal(6, done.GetProperty("processed").GetInt32());
        var counts = done.GetProperty("counts");
        Assert.Equal(6, counts.EnumerateObject().Sum(c => c.Value.GetInt32()));
        var csv = await resumed.GetStringAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        var emails = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[0]);
        Assert.Equal(["alice@ok.test", "bob@ok.test", "u1@gate.test", "u2@gate.test", "carol@ok.test", "dave@ok.test"], emails);
    }

    [Fact]
    public async Task Greylisted_rows_are_retried_later_and_end_accepted()
    {
        await using var world = await JobWorld.StartAsync();
        world.Smtp.Reply("grey@ok.test", 450, "4.2.0 <grey@ok.test>: Recipient address rejected: Greylisted, try again later");
        using var client = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:RetryDelays:0"] = "00:00:00.500",
        }).CreateClient();

        var id = await JobWorld.SubmitAsync(client, "email\nalice@ok.test\ngrey@ok.test\nbob@ok.test\n");

        var waiting = await JobWorld.WaitForAsync(client, id, p => p.GetProperty("retriesPending").GetInt32() == 1);
        Assert.Equal("running", waiting.Str("status"));
        Assert.Equal(2, waiting.GetProperty("processed").GetInt32());

        // The greylisting server accepts the sender on a later try.
        world.Smtp.Reply("grey@ok.test", 250, "2.1.5 Ok");
        var done = await JobWorld.WaitForFinishAsync(client, id);

        Assert.Equal("completed", done.Str("status"));
        Assert.Equal(0, done.GetProperty("retriesPending").GetInt32());
        Assert.Equal(2, done.GetProperty("counts").GetProperty("deliverable").GetInt32());
        var csv = await client.GetStringAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        Assert.Contains("grey@ok.test,deliverable,accepted,250,2.1.5,", csv, StringComparison.Ordinal);
        Assert.InRange(world.Smtp.Recipients.Count(r => r == "grey@ok.test"), 2, 3);
    }

    [Fact]
    public async Task Rows_still_greylisted_after_the_last_retry_are_reported_as_they_were()
    {
        await using var world = await JobWorld.StartAsync();
        world.Smtp.Reply("grey@ok.test", 450, "4.2.0 Greylisted, try again later");
        using var client = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:RetryDelays:0"] = "00:00:00.050",
            ["Verifier:Jobs:MaxRetries"] = "2",
        }).CreateClient();

        var id = await JobWorld.SubmitAsync(client, "email\ngrey@ok.test\n");
        var done = await JobWorld.WaitForFinishAsync(client, id);

        Assert.Equal(1, done.GetProperty("counts").GetProperty("unknown").GetInt32());
        Assert.Equal(0, done.GetProperty("retriesPending").GetInt32());
        var csv = await client.GetStringAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        Assert.Contains("grey@ok.test,unknown,greylisted,450,4.2.0,", csv, StringComparison.Ordinal);
        Assert.Equal(3, world.Smtp.Recipients.Count(r => r == "grey@ok.test"));
    }

    [Fact]
    public async Task The_callback_is_posted_once_with_a_valid_signature()
    {
        await using var world = await JobWorld.StartAsync();
        await using var receiver = CallbackReceiver.Start();
        using var client = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:CallbackSecret"] = "s3cret",
            ["Verifier:Jobs:CallbackAllowedNetworks:0"] = "127.0.0.0/8",
        }).CreateClient();

        var id = await JobWorld.SubmitAsync(client, "email\nalice@ok.test\nbob@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString(receiver.Url));
        await JobWorld.WaitForFinishAsync(client, id);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        var request = Assert.Single(receiver.Requests);

        // Checked as a receiver checks it, with HMAC-SHA256 computed here rather than by the code under test.
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("s3cret"));
        Assert.Equal("sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(request.Body)), request.Signature);
        Assert.Equal(id, request.JobId);
        var progress = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(id, progress.Str("id"));
        Assert.Equal("completed", progress.Str("status"));
        Assert.Equal(2, progress.GetProperty("processed").GetInt32());
    }

    [Fact]
    public async Task Callbacks_to_private_addresses_or_without_a_secret_are_refused()
    {
        await using var world = await JobWorld.StartAsync();
        using var guarded = world.CreateApp(new Dictionary<string, string?> { ["Verifier:Jobs:CallbackSecret"] = "s3cret" }).CreateClient();
        using var unsigned = world.CreateApp().CreateClient();

        using var loopback = await JobWorld.UploadAsync(guarded, "email\na@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString("http://127.0.0.1:9/hook"));
        Assert.Equal(HttpStatusCode.BadRequest, loopback.StatusCode);
        Assert.Contains("public address", await loopback.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noSecret = await JobWorld.UploadAsync(unsigned, "email\na@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString("https://hooks.example.test/x"));
        Assert.Equal(HttpStatusCode.BadRequest, noSecret.StatusCode);
        Assert.Contains("CallbackSecret", await noSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
