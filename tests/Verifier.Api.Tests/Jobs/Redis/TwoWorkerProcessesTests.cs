using System.Globalization;
using System.Text;
using StackExchange.Redis;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Core.Jobs.Redis;
using Verifier.Testing.Dns;
using Verifier.Testing.Redis;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Jobs.Redis;

/// <summary>Two API processes share one Redis; one is killed mid-job and the other finishes it.</summary>
public sealed class TwoWorkerProcessesTests
{
    private const int Rows = 240;
    private const int Domains = 4;

    /// <summary>Each SMTP reply waits this long, so the job takes a few seconds.</summary>
    private static readonly TimeSpan ReplyDelay = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task A_job_survives_the_death_of_one_of_two_worker_processes_with_every_row_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var dns = LoopbackDnsServer.Start();
        await using var smtp = ScriptedSmtpPeer.Start(SlowMailboxAsync);
        for (var d = 0; d < Domains; d++)
        {
            dns.Mx($"d{d}.test", 10, $"mx.d{d}.test").A($"mx.d{d}.test", "127.0.0.1");
        }

        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["Verifier__Dns__Servers__0"] = dns.EndPoint.ToString(),
            ["Verifier__Dns__Retries"] = "0",
            ["Verifier__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Verifier__Smtp__AllowedNetworks__0"] = "127.0.0.0/8",
            ["Verifier__Smtp__HeloName"] = "probe.verifier.test",
            ["Verifier__Smtp__MailFrom"] = "verify@verifier.test",

            // Session leases of the killed process free themselves after ProbeTimeout + ConnectTimeout; until
            // then the survivor has the other slots of each host.
            ["Verifier__Smtp__MaxSessionsPerHost"] = "4",
            ["Verifier__Smtp__ConnectTimeout"] = "00:00:01",
            ["Verifier__Smtp__CommandTimeout"] = "00:00:02",
            ["Verifier__Smtp__ProbeTimeout"] = "00:00:03",
            ["Verifier__Jobs__ChunkSize"] = "8",

            // Probes that waited for those leases past ProbeTimeout time out and are asked again soon.
            ["Verifier__Jobs__RetryDelays__0"] = "00:00:00.500",
            ["Verifier__Jobs__ReclaimAfter"] = RedisJobApplication.ReclaimAfter,

            // The test polls progress often from one address.
            ["Verifier__RateLimit__PermitsPerMinute"] = "100000",
        };
        await using var doomed = ApiProcess.Start(environment);
        await using var survivor = ApiProcess.Start(environment);
        await Task.WhenAll(doomed.WaitUntilLiveAsync(TimeSpan.FromSeconds(30)), survivor.WaitUntilLiveAsync(TimeSpan.FromSeconds(30)));

        var csv = new StringBuilder("email,n\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(Address(i)).Append(',').Append(i).Append('\n');
        }

        var id = await JobWorld.SubmitAsync(doomed.Client, csv.ToString());

        // Kill the process that got the upload while it holds chunks it has not acknowledged.
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var database = connection.GetDatabase();
        var doomedConsumer = $"-{doomed.Id}-";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var pending = await database.StreamPendingAsync(RedisJobKeys.Stream, RedisJobKeys.Group);
            var progress = await survivor.Client.GetJsonAsync($"/v1/jobs/{id}");
            if (progress.GetProperty("processed").GetInt32() >= 2 * 8
                && pending.Consumers.Any(c => c.Name.ToString().Contains(doomedConsumer, StringComparison.Ordinal) && c.PendingMessageCount > 0))
            {
                Assert.Equal("running", progress.Str("status"));
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The doomed process never held a chunk mid-job: {progress}\n{doomed.Output}");
            await Task.Delay(50);
        }

        await doomed.KillAsync();

        var done = await JobWorld.WaitForFinishAsync(survivor.Client, id, TimeSpan.FromSeconds(60));
        Assert.True(done.Str("status") == "completed", $"{done}\n{survivor.Output}");
        Assert.Equal(Rows, done.GetProperty("total").GetInt32());
        Assert.Equal(Rows, done.GetProperty("processed").GetInt32());
        var counts = done.GetProperty("counts");
        var bad = Enumerable.Range(0, Rows).Count(IsBad);
        Assert.Equal(Rows - bad, counts.GetProperty("deliverable").GetInt32());
        Assert.Equal(bad, counts.GetProperty("undeliverable").GetInt32());
        Assert.Equal(Rows, counts.EnumerateObject().Sum(c => c.Value.GetInt32()));

        // Nothing is left unacknowledged: the dead process's chunks were taken over (or recorded before it died).
        var pel = await database.StreamPendingAsync(RedisJobKeys.Stream, RedisJobKeys.Group);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (pel.PendingMessageCount > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still {pel.PendingMessageCount} unacknowledged chunks.\n{survivor.Output}");
            await Task.Delay(100);
            pel = await database.StreamPendingAsync(RedisJobKeys.Stream, RedisJobKeys.Group);
        }

        // Each row once, in input order, with the verdict its address should get.
        var results = await survivor.Client.GetStringAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        var lines = results.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,n,verdict,reason,smtp_code,smtp_enhanced_code,suggestion", lines[0]);
        Assert.Equal(Rows, lines.Length - 1);
        for (var i = 0; i < Rows; i++)
        {
            var cells = lines[i + 1].Split(',');
            Assert.Equal(Address(i), cells[0]);
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cells[1]);
            Assert.Equal(IsBad(i) ? "undeliverable" : "deliverable", cells[2]);
            Assert.Equal(IsBad(i) ? "550" : "250", cells[4]);
        }
    }

    private static bool IsBad(int row) => row % 3 == 0;

    private static string Address(int row) => $"{(IsBad(row) ? "bad" : "good")}{row}@d{row % Domains}.test";

    /// <summary>A mailbox server that knows the "good…" mailboxes and takes <see cref="ReplyDelay"/> over every reply.</summary>
    private static async Task SlowMailboxAsync(ScriptedSmtpConnection connection, CancellationToken cancellationToken)
    {
        await Task.Delay(ReplyDelay, cancellationToken);
        await connection.WriteLineAsync("220 mx.test ESMTP", cancellationToken);
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            await Task.Delay(ReplyDelay, cancellationToken);
            if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
            {
                await connection.WriteLineAsync("221 2.0.0 Bye", cancellationToken);
                return;
            }

            var reply = line.StartsWith("RCPT TO:<", StringComparison.OrdinalIgnoreCase)
                ? line["RCPT TO:<".Length..].StartsWith("good", StringComparison.OrdinalIgnoreCase) ? "250 2.1.5 Ok" : "550 5.1.1 No such user here"
                : "250 Ok";
            await connection.WriteLineAsync(reply, cancellationToken);
        }
    }
}
