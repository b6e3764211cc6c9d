using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Operations;

/// <summary>
/// A verification that outlived its request's time budget is still probing when the application stops: the
/// application waits for it, and its SMTP session ends with QUIT rather than a dropped connection.
/// </summary>
public sealed class ShutdownQuitTests
{
    [Fact]
    public async Task Stopping_the_application_ends_a_background_probe_with_QUIT()
    {
        var rcptArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var dns = LoopbackDnsServer.Start();
        dns.Mx("slow-rcpt.test", 10, "mx.slow-rcpt.test").A("mx.slow-rcpt.test", "127.0.0.1");
        await using var smtp = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            await connection.WriteLineAsync("220 mx.slow-rcpt.test ESMTP", ct);
            while (await connection.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("QUIT", StringComparison.Ordinal))
                {
                    await connection.WriteLineAsync("221 Bye", ct);
                    return;
                }

                if (line.StartsWith("RCPT", StringComparison.Ordinal))
                {
                    rcptArrived.TrySetResult();
                    await Task.Delay(800, ct); // longer than the request's budget, well within the stop grace
                }

                await connection.WriteLineAsync("250 Ok", ct);
            }
        });

        var settings = MailWorld.Settings(dns.EndPoint, smtp.Port);
        settings["Verifier:Smtp:StopGrace"] = "00:00:20"; // a loaded test machine may be slow to deliver the reply
        var app = new VerifierApplication(settings);
        await using (app)
        {
            using var client = app.CreateClient();
            var answer = await client.GetJsonAsync("/v1/verify?email=someone@slow-rcpt.test&timeoutMs=100");
            Assert.Equal("unknown", answer.Str("verdict"));
            await rcptArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal("QUIT", smtp.ReceivedLines[^1]);
    }
}
