using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Verifier.Api.Tests.Security;

namespace Verifier.Api.Tests.Jobs;

/// <summary>
/// A completion callback is tried again when the receiver is unreachable or answers 408/429/5xx, up to
/// <c>Verifier:Jobs:CallbackAttempts</c>, with the same signed body each time; never after another answer.
/// </summary>
public sealed class CallbackRetryTests
{
    /// <summary>Longer than any retry these tests would still expect (100 ms, then 200 ms, 400 ms…).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Failed_attempts_are_repeated_with_the_same_signed_body_until_one_is_accepted()
    {
        await using var world = await JobWorld.StartAsync();
        await using var receiver = CallbackReceiver.Start(503, 0, 429, 204);
        using var client = App(world, attempts: 5).CreateClient();

        var id = await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString(receiver.Url));
        await receiver.WaitForAsync(4, TimeSpan.FromSeconds(20));
        await Task.Delay(Quiet);

        var requests = receiver.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
        Assert.All(requests, r => Assert.Equal(requests[0].Signature, r.Signature));
        Assert.All(requests, r => Assert.Equal(id, r.JobId));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_gets_the_configured_number_of_attempts()
    {
        await using var world = await JobWorld.StartAsync();
        await using var receiver = CallbackReceiver.Start(500);
        var logs = new LogCapture();
        using var client = App(world, attempts: 3, logs).CreateClient();

        await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString(receiver.Url));
        await receiver.WaitForAsync(3, TimeSpan.FromSeconds(20));
        await WaitForLogAsync(logs, "callback given up after 3 attempts");
        await Task.Delay(Quiet);

        Assert.Equal(3, receiver.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Other_answers_end_the_callback(int status)
    {
        await using var world = await JobWorld.StartAsync();
        await using var receiver = CallbackReceiver.Start(status, 204);
        using var client = App(world, attempts: 4).CreateClient();

        await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString(receiver.Url));
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(20));
        await Task.Delay(Quiet);

        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_refused_address_is_not_tried_again()
    {
        await using var world = await JobWorld.StartAsync();
        await using var receiver = CallbackReceiver.Start();
        var logs = new LogCapture();
        using var client = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:CallbackSecret"] = "s3cret",
            ["Verifier:Jobs:CallbackRetryDelay"] = "00:00:00.100",
        }).WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs))).CreateClient();

        // localhost passes the check at submission (a name, not an address) and is refused when resolved.
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString(url));
        await WaitForLogAsync(logs, "resolves to a refused address");
        await Task.Delay(Quiet);

        Assert.Equal(0, receiver.Count);
        Assert.Single(logs.Entries, e => e.AllText.Contains("callback failed", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.AllText.Contains("Not tried again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_still_waiting_is_dropped_at_shutdown_without_holding_it_up()
    {
        await using var world = await JobWorld.StartAsync();
        await using var receiver = CallbackReceiver.Start(503);
        var logs = new LogCapture();
        var app = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:CallbackSecret"] = "s3cret",
            ["Verifier:Jobs:CallbackAllowedNetworks:0"] = "127.0.0.0/8",
            ["Verifier:Jobs:CallbackRetryDelay"] = "00:30:00",
        }).WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using (var client = app.CreateClient())
        {
            await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n", "?callbackUrl=" + Uri.EscapeDataString(receiver.Url));
            await WaitForLogAsync(logs, "callback to be tried again in");
        }

        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        // The test host may finish disposing services after DisposeAsync returns.
        await WaitForLogAsync(logs, "callback retry dropped at shutdown");
        Assert.Equal(1, receiver.Count);
    }

    private static WebApplicationFactory<Program> App(JobWorld world, int attempts, LogCapture? logs = null)
    {
        var app = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:CallbackSecret"] = "s3cret",
            ["Verifier:Jobs:CallbackAllowedNetworks:0"] = "127.0.0.0/8",
            ["Verifier:Jobs:CallbackAttempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Verifier:Jobs:CallbackRetryDelay"] = "00:00:00.100",
        });
        return logs is null ? app : app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
    }

    private static async Task WaitForLogAsync(LogCapture logs, string text)
    {
        for (var waited = 0; waited < 200 && !logs.Entries.Any(e => e.AllText.Contains(text, StringComparison.Ordinal)); waited++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(logs.Entries, e => e.AllText.Contains(text, StringComparison.Ordinal));
    }
}
