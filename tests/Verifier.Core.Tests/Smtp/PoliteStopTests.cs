using Verifier.Core.Smtp;
using Verifier.Testing.Smtp;
using static Verifier.Core.Tests.Smtp.ProbeHarness;

namespace Verifier.Core.Tests.Smtp;

/// <summary>A probe told to stop while a session is open ends the session with QUIT, as a well-behaved MTA does.</summary>
public class PoliteStopTests
{
    [Fact]
    public async Task Cancelled_during_an_rcpt_the_probe_waits_for_its_reply_then_says_QUIT()
    {
        using var stop = new CancellationTokenSource();
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(line =>
            {
                if (line.StartsWith("RCPT", StringComparison.Ordinal))
                {
                    stop.Cancel(); // the stop arrives while this RCPT waits for its reply
                    Thread.Sleep(200);
                }

                return "250 2.1.5 Ok";
            }, ct);
        });
        var prober = Prober(Options(peer.Port));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => prober.ProbeAsync(Request("a@x.test", "b@x.test", "c@x.test"), stop.Token));

        Assert.Equal(["EHLO probe.verifier.test", "MAIL FROM:<verify@verifier.test>", "RCPT TO:<a@x.test>", "QUIT"], peer.ReceivedLines);
    }

    [Fact]
    public async Task Cancelled_before_mail_from_the_session_still_ends_with_QUIT()
    {
        using var stop = new CancellationTokenSource();
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(line =>
            {
                if (line.StartsWith("EHLO", StringComparison.Ordinal))
                {
                    stop.Cancel();
                }

                return "250 mx.test";
            }, ct);
        });
        var prober = Prober(Options(peer.Port));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prober.ProbeAsync(Request("a@x.test"), stop.Token));

        Assert.Equal(["EHLO probe.verifier.test", "QUIT"], peer.ReceivedLines);
    }

    [Fact]
    public async Task The_probe_time_out_ends_the_session_with_QUIT_and_keeps_the_answers_so_far()
    {
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            var rcpts = 0;
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(line =>
            {
                if (line.StartsWith("RCPT", StringComparison.Ordinal) && ++rcpts == 2)
                {
                    Thread.Sleep(3500); // past the probe's time-out, within its stop grace
                }

                return line.StartsWith("RCPT", StringComparison.Ordinal) ? "250 2.1.5 Ok" : "250 mx.test";
            }, ct);
        });

        var result = await ProbeAsync(peer.Port, Request("a@x.test", "b@x.test", "c@x.test"), o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.StopGrace = TimeSpan.FromSeconds(10);
        });

        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.Equal("QUIT", peer.ReceivedLines[^1]);
        Assert.DoesNotContain("RCPT TO:<c@x.test>", peer.ReceivedLines);
        Assert.Equal(250, result.Replies["a@x.test"].Code);
    }

    [Fact]
    public async Task A_server_silent_after_the_stop_is_dropped_when_the_grace_is_over()
    {
        using var stop = new CancellationTokenSource();
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(line =>
            {
                if (line.StartsWith("RCPT", StringComparison.Ordinal))
                {
                    stop.Cancel();
                    return null; // never answers, never closes: only the grace ends the wait
                }

                return "250 mx.test";
            }, ct);
            await connection.HoldOpenAsync(ct);
        });

        // Without the grace the probe would wait for the command time-out (60 s) and the probe time-out.
        var prober = Prober(Options(peer.Port, o =>
        {
            o.CommandTimeout = TimeSpan.FromSeconds(60);
            o.ProbeTimeout = TimeSpan.FromSeconds(120);
            o.StopGrace = TimeSpan.FromMilliseconds(200);
        }));

        var probe = prober.ProbeAsync(Request("a@x.test"), stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
