using System.Net;
using System.Text.Json;
using StackExchange.Redis;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Core.Jobs.Redis;
using Verifier.Testing.Redis;

namespace Verifier.Api.Tests.Jobs.Redis;

/// <summary>The jobs API on the Redis backend, against a real redis-server.</summary>
public sealed class RedisJobsApiTests
{
    /// <summary>BOM, ';' delimiter, quoted fields with the delimiter, quotes and a line break, an empty and a malformed email, a short row, CR LF.</summary>
    private const string Upload =
        "\uFEFFName;Email;Note\r\n" +
        "Alice;alice@ok.test;\"likes ; semicolons\"\r\n" +
        "Bob;bob@ok.test;\"two\r\nlines\"\r\n" +
        "Carol;carol@ok.test;\r\n" +
        "Dave;dave@ok.test;\"say \"\"hi\"\"\"\r\n" +
        "Nobody;;empty email\r\n" +
        "Broken;not-an-address;malformed\r\n" +
        "Short\r\n" +
        "Gone;x@missing.test;no domain\r\n";

    [Fact]
    public async Task A_messy_csv_gives_the_same_results_as_the_in_process_backend_and_delete_removes_every_key()
    {
        await using var world = await JobWorld.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        using var inProcess = world.CreateApp().CreateClient();
        await using var app = new RedisJobApplication(world, redis, new Dictionary<string, string?> { ["Verifier:Jobs:ChunkSize"] = "1" });
        using var client = app.CreateClient();

        var reference = await JobWorld.SubmitAsync(inProcess, Upload);
        await JobWorld.WaitForFinishAsync(inProcess, reference);

        var id = await JobWorld.SubmitAsync(client, Upload);
        var events = await JobWorld.ReadEventsAsync(client, id);
        var progress = await client.GetJsonAsync($"/v1/jobs/{id}");
        var expected = await inProcess.GetJsonAsync($"/v1/jobs/{reference}");

        Assert.Equal("completed", events[^1].Name);
        var processed = events.Select(e => e.Data.GetProperty("processed").GetInt32()).ToList();
        Assert.Equal(processed.Order(), processed);
        Assert.Equal(8, processed[^1]);
        foreach (var name in new[] { "status", "total", "processed", "counts", "likelyBounces", "bounceRate", "retriesPending" })
        {
            Assert.Equal(expected.GetProperty(name).GetRawText(), progress.GetProperty(name).GetRawText());
        }

        Assert.Equal(
            await inProcess.GetByteArrayAsync(new Uri($"/v1/jobs/{reference}/results", UriKind.Relative)),
            await client.GetByteArrayAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative)));
        Assert.Equal(
            (await inProcess.GetJsonAsync($"/v1/jobs/{reference}/results?format=json")).GetProperty("rows").GetRawText(),
            (await client.GetJsonAsync($"/v1/jobs/{id}/results?format=json")).GetProperty("rows").GetRawText());

        // Every key of the job expires with it, after Verifier:Jobs:Retention (7 days by default).
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = await KeysAsync(connection, RedisJobKeys.Job(id) + "*");
        Assert.Equal(3, keys.Count);
        foreach (var key in keys)
        {
            var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.InRange(ttl!.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        }

        using var deleted = await client.DeleteAsync(new Uri($"/v1/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await KeysAsync(connection, RedisJobKeys.Job(id) + "*"));
        using var gone = await client.GetAsync(new Uri($"/v1/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task While_redis_is_down_job_calls_are_503_and_the_instance_keeps_running()
    {
        await using var world = await JobWorld.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var app = new RedisJobApplication(world, redis);
        using var client = app.CreateClient();
        var id = await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n");
        await JobWorld.WaitForFinishAsync(client, id);

        await redis.KillAsync();

        foreach (var path in new[] { $"/v1/jobs/{id}", $"/v1/jobs/{id}/results" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Equal("urn:verifier:problem:unavailable", JsonDocument.Parse(body).RootElement.Str("type"));
        }

        // The worker waits for Redis instead of failing the host.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        // Once Redis is back (empty: the test server keeps no data), the multiplexer reconnects and jobs run again.
        await redis.StartAgainAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            using var probe = await client.GetAsync(new Uri($"/v1/jobs/{id}", UriKind.Relative));
            if (probe.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "Still 503 long after Redis returned.");
            await Task.Delay(100);
        }

        var again = await JobWorld.SubmitAsync(client, "email\nbob@ok.test\n");
        var done = await JobWorld.WaitForFinishAsync(client, again, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", done.Str("status"));
    }

    private static async Task<List<RedisKey>> KeysAsync(ConnectionMultiplexer connection, string pattern)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in connection.GetServer(connection.GetEndPoints()[0]).KeysAsync(pattern: pattern))
        {
            keys.Add(key);
        }

        return keys;
    }
}
