using System.Net;
using Verifier.Core.Smtp;
using Verifier.Testing.Smtp;
using static Verifier.Core.Tests.Smtp.ProbeHarness;

namespace Verifier.Core.Tests.Smtp;

public class SmtpMailboxProberTests
{
    [Fact]
    public async Task Accepted_recipient_gets_250_in_one_session_without_DATA()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Recipient ok");

        var result = await ProbeAsync(server.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal("mx1.x.test", result.Host);
        Assert.Equal(new SmtpReply(250, "2.1.5", "Recipient ok"), result.Replies["alice@x.test"]);
        Assert.Null(result.CatchAllReply);
        Assert.Null(result.SessionReply);
        Assert.Equal(1, server.SessionCount);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "QUIT"], server.Commands);
        Assert.Equal("MAIL FROM:<verify@verifier.test>", server.ClientLines[1]);
        Assert.Equal("EHLO probe.verifier.test", server.ClientLines[0]);
    }

    [Theory]
    [InlineData(550, "5.1.1 User unknown", "5.1.1", "User unknown")]
    [InlineData(550, "5.2.1 Mailbox disabled", "5.2.1", "Mailbox disabled")]
    [InlineData(552, "5.2.2 Mailbox full", "5.2.2", "Mailbox full")]
    [InlineData(452, "4.2.2 Mailbox full, try later", "4.2.2", "Mailbox full, try later")]
    [InlineData(450, "4.2.0 Greylisted, come back in 5 minutes", "4.2.0", "Greylisted, come back in 5 minutes")]
    [InlineData(451, "4.7.1 Please try again later", "4.7.1", "Please try again later")]
    [InlineData(553, "Mailbox name not allowed", null, "Mailbox name not allowed")]
    public async Task Rcpt_replies_are_reported_as_the_server_sent_them(int code, string text, string? enhanced, string message)
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("bob@x.test", code, text);

        var result = await ProbeAsync(server.Port, Request("bob@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(new SmtpReply(code, enhanced, message), result.Replies["bob@x.test"]);
        Assert.Equal(1, server.SessionCount);
        Assert.DoesNotContain("DATA", server.Commands);
    }

    [Fact]
    public async Task Several_recipients_share_one_session()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("a@x.test", 250, "2.1.5 Ok").Reply("b@x.test", 550, "5.1.1 No such user").ReplyToLocalPart("c", 250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request("a@x.test", "b@x.test", "c@x.test", "a@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(250, result.Replies["a@x.test"].Code);
        Assert.Equal(550, result.Replies["b@x.test"].Code);
        Assert.Equal(250, result.Replies["c@x.test"].Code);
        Assert.Equal(1, server.SessionCount);
        Assert.Equal(["a@x.test", "b@x.test", "c@x.test"], server.Recipients);
    }

    [Fact]
    public async Task Catch_all_server_accepts_the_random_recipient_in_the_same_session()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.DefaultReply(250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", IPAddress.Loopback)], detectCatchAll: true, "alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(250, result.CatchAllReply!.Code);
        Assert.Equal(1, server.SessionCount);
        Assert.Equal(2, server.Recipients.Count);
        Assert.Equal("alice@x.test", server.Recipients[0]);
        Assert.Matches("^[a-z0-9]{16}@x\\.test$", server.Recipients[1]);
        Assert.False(result.Replies.ContainsKey(server.Recipients[1]));
    }

    [Fact]
    public async Task Server_that_rejects_unknown_users_is_not_a_catch_all()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", IPAddress.Loopback)], detectCatchAll: true, "alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(250, result.Replies["alice@x.test"].Code);
        Assert.Equal(new SmtpReply(550, "5.1.1", "User unknown"), result.CatchAllReply);
        Assert.Single(server.Recipients, r => r != "alice@x.test");
    }

    [Fact]
    public async Task Rejection_at_MAIL_FROM_ends_the_session_before_RCPT()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.RejectMailFrom(554, "5.7.1 Client host rejected: blocked");

        var result = await ProbeAsync(server.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.SessionRejected, result.Outcome);
        Assert.Equal(new SmtpReply(554, "5.7.1", "Client host rejected: blocked"), result.SessionReply);
        Assert.Empty(result.Replies);
        Assert.DoesNotContain("RCPT", server.Commands);
        Assert.Equal("QUIT", server.Commands[^1]);
    }

    [Fact]
    public async Task Service_unavailable_at_the_banner_moves_on_to_the_next_host()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Ok");
        await using var busy = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Banner(421, "4.3.2 Too busy, try later"), new IPEndPoint(NothingListening, server.Port));

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", NothingListening), Mx("mx2.x.test", IPAddress.Loopback)], false, "alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal("mx2.x.test", result.Host);
        Assert.Equal(1, busy.ConnectionCount);
        Assert.Equal(1, server.SessionCount);
    }

    [Fact]
    public async Task Service_unavailable_at_the_only_host_is_a_rejected_session()
    {
        await using var busy = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Banner(421, "4.3.2 Too busy, try later"));

        var result = await ProbeAsync(busy.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.SessionRejected, result.Outcome);
        Assert.Equal(new SmtpReply(421, "4.3.2", "Too busy, try later"), result.SessionReply);
    }

    [Fact]
    public async Task Permanent_refusal_at_the_banner_ends_the_probe()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        await using var blocking = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Banner(554, "5.7.1 Your IP is listed"), new IPEndPoint(NothingListening, server.Port));

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", NothingListening), Mx("mx2.x.test", IPAddress.Loopback)], false, "alice@x.test"));

        Assert.Equal(ProbeOutcome.SessionRejected, result.Outcome);
        Assert.Equal("mx1.x.test", result.Host);
        Assert.Equal(new SmtpReply(554, "5.7.1", "Your IP is listed"), result.SessionReply);
        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public async Task Refused_connection_falls_back_to_the_second_MX()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", NothingListening), Mx("mx2.x.test", IPAddress.Loopback)], false, "alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal("mx2.x.test", result.Host);
        Assert.Equal(250, result.Replies["alice@x.test"].Code);
    }

    [Fact]
    public async Task Every_host_refusing_connections_is_a_connect_failure()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", NothingListening), Mx("mx2.x.test", IPAddress.Parse("127.0.0.3"))], false, "alice@x.test"));

        Assert.Equal(ProbeOutcome.ConnectFailed, result.Outcome);
        Assert.Empty(result.Replies);
        Assert.Contains("ConnectionRefused", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_beyond_the_limit_are_not_tried()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();

        var result = await ProbeAsync(
            server.Port,
            Request([Mx("mx1.x.test", NothingListening), Mx("mx2.x.test", IPAddress.Loopback)], false, "alice@x.test"),
            options => options.MaxHostsToTry = 1);

        Assert.Equal(ProbeOutcome.ConnectFailed, result.Outcome);
        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public async Task Server_that_never_answers_times_out_within_the_command_limit()
    {
        await using var silent = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.NeverAnswer);

        var result = await ProbeAsync(silent.Port, Request("alice@x.test"), options => options.CommandTimeout = TimeSpan.FromMilliseconds(300));

        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.InRange(result.Duration, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(2));
        Assert.Contains("did not reply within 300 ms", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, silent.ConnectionCount);
    }

    [Fact]
    public async Task Server_dripping_one_byte_at_a_time_times_out()
    {
        await using var drip = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Drip(TimeSpan.FromMilliseconds(50)));

        var result = await ProbeAsync(drip.Port, Request("alice@x.test"), options => options.CommandTimeout = TimeSpan.FromMilliseconds(300));

        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.InRange(result.Duration, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Late_banner_within_the_limit_is_waited_for()
    {
        await using var slow = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.DelayedBanner(TimeSpan.FromMilliseconds(150)));

        var result = await ProbeAsync(slow.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(250, result.Replies["alice@x.test"].Code);
    }

    [Fact]
    public async Task Whole_probe_time_limit_cuts_a_slow_fallback_chain()
    {
        await using var slow = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.NeverAnswer);
        await using var slow2 = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.NeverAnswer, new IPEndPoint(NothingListening, slow.Port));

        var result = await ProbeAsync(
            slow.Port,
            Request([Mx("mx1.x.test", IPAddress.Loopback), Mx("mx2.x.test", NothingListening)], false, "alice@x.test"),
            options => (options.CommandTimeout, options.ProbeTimeout) = (TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300)));

        Assert.Equal(ProbeOutcome.Timeout, result.Outcome);
        Assert.InRange(result.Duration, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.Contains("did not finish", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, slow2.ConnectionCount);
    }

    [Fact]
    public async Task Reply_line_without_end_is_a_protocol_error()
    {
        await using var endless = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.EndlessLine);

        var result = await ProbeAsync(endless.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
        Assert.Contains("longer than 4096 bytes", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_of_more_than_the_line_limit_is_a_protocol_error()
    {
        await using var chatty = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.ContinuationLines(5000));

        var result = await ProbeAsync(chatty.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
        Assert.Contains("more than 100 lines", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_of_exactly_the_line_limit_is_accepted()
    {
        await using var chatty = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.ContinuationLines(99));

        var result = await ProbeAsync(chatty.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
    }

    [Fact]
    public async Task Binary_garbage_is_a_protocol_error()
    {
        await using var garbage = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.Garbage);

        var result = await ProbeAsync(garbage.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
    }

    [Fact]
    public async Task Connection_reset_in_the_middle_of_a_reply_is_a_protocol_error()
    {
        await using var reset = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.ResetMidReply);

        var result = await ProbeAsync(reset.Port, Request("alice@x.test"));

        Assert.Equal(ProbeOutcome.ProtocolError, result.Outcome);
    }

    [Fact]
    public async Task Guard_refuses_loopback_when_not_allowed_and_nothing_is_contacted()
    {
        await using var listener = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.AcceptEverything);

        var result = await ProbeAsync(
            listener.Port,
            Request([Mx("mx1.x.test", IPAddress.Loopback, IPAddress.IPv6Loopback), Mx("mx2.x.test", IPAddress.Parse("10.0.0.25"))], true, "alice@x.test"),
            options => options.AllowedNetworks.Clear());
        await Task.Delay(100);

        Assert.Equal(ProbeOutcome.NoRoutableAddress, result.Outcome);
        Assert.Equal(0, listener.ConnectionCount);
        Assert.Contains("127.0.0.0/8", result.Error, StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guard_skips_refused_addresses_and_uses_the_allowed_one()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", IPAddress.Parse("192.168.1.10")), Mx("mx2.x.test", IPAddress.Loopback)], false, "alice@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal("mx2.x.test", result.Host);
    }

    [Fact]
    public async Task Probe_goes_through_the_SOCKS5_proxy_with_credentials()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Ok");
        await using var proxy = LoopbackSocks5Server.Start(new NetworkCredential("probe", "s3cret"));

        var result = await ProbeAsync(server.Port, Request("alice@x.test"), options => options.Proxy = proxy.ProxyUri);

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(250, result.Replies["alice@x.test"].Code);
        Assert.Equal(1, proxy.ConnectionCount);
        Assert.Equal(0, proxy.AuthenticationFailures);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, server.Port)], proxy.Destinations);
    }

    [Fact]
    public async Task Proxy_refusing_the_destination_falls_back_to_the_next_host()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("alice@x.test", 250, "2.1.5 Ok");
        await using var proxy = LoopbackSocks5Server.Start();

        var result = await ProbeAsync(
            server.Port,
            Request([Mx("mx1.x.test", NothingListening), Mx("mx2.x.test", IPAddress.Loopback)], false, "alice@x.test"),
            options => options.Proxy = proxy.ProxyUri);

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal("mx2.x.test", result.Host);
        Assert.Equal(2, proxy.ConnectionCount);
    }

    [Fact]
    public async Task Recipients_beyond_the_per_session_limit_go_in_further_sessions()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.DefaultReply(250, "2.1.5 Ok");
        var recipients = Enumerable.Range(1, 5).Select(i => $"user{i}@x.test").ToArray();

        var result = await ProbeAsync(server.Port, Request([Mx("mx1.x.test", IPAddress.Loopback)], true, recipients), options => options.MaxRecipientsPerSession = 2);

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(5, result.Replies.Count);
        Assert.NotNull(result.CatchAllReply);
        Assert.Equal(3, server.SessionCount);
        Assert.All(server.Sessions, session => Assert.InRange(session.Recipients.Count, 1, 2));
        Assert.All(server.Sessions, session => Assert.Equal("QUIT", session.Commands[^1]));
    }

    [Fact]
    public async Task Too_many_recipients_reply_starts_a_new_session_for_the_rest()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.DefaultReply(250, "2.1.5 Ok");
        server.MaxRecipientsPerSession = 2;
        var recipients = Enumerable.Range(1, 5).Select(i => $"user{i}@x.test").ToArray();

        var result = await ProbeAsync(server.Port, Request(recipients));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(recipients.Order(), result.Replies.Keys.Order());
        Assert.All(result.Replies.Values, reply => Assert.Equal(250, reply.Code));
        Assert.Equal(3, server.SessionCount);
        Assert.Equal(3, server.Sessions[0].Recipients.Count);
        Assert.Equal(2, server.Sessions[1].Recipients.Count);
        Assert.Single(server.Sessions[2].Recipients);
    }

    [Fact]
    public async Task Service_closing_mid_session_starts_a_new_session_for_the_rest()
    {
        var connections = 0;
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            var number = Interlocked.Increment(ref connections);
            var rcpts = 0;
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(
                line => line.StartsWith("RCPT", StringComparison.Ordinal) && ++rcpts == 2 && number == 1 ? "421 4.7.0 Too many errors, closing" : "250 2.1.5 Ok",
                ct);
        });

        var result = await ProbeAsync(peer.Port, Request("a@x.test", "b@x.test", "c@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Replies.Count);
        Assert.All(result.Replies.Values, reply => Assert.Equal(250, reply.Code));
        Assert.Equal(2, peer.ConnectionCount);
        Assert.Equal(4, peer.ReceivedLines.Count(line => line.StartsWith("RCPT", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Injected_commands_never_reach_the_server()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => ProbeAsync(server.Port, Request("a@x.test>\r\nDATA\r\nRSET")));

        Assert.Equal(0, server.SessionCount);
    }

    [Fact]
    public async Task StartTLS_is_negotiated_when_offered_and_the_probe_continues_encrypted()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(offerStartTls: true);
        server.Reply("alice@x.test", 250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request("alice@x.test"));

        Assert.True(result.Outcome == ProbeOutcome.Completed, $"{result.Outcome}: {result.Error}");
        Assert.Equal(250, result.Replies["alice@x.test"].Code);
        Assert.Equal(["EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "QUIT"], server.Commands);
    }

    [Fact]
    public async Task Non_ascii_recipient_is_sent_with_SMTPUTF8_when_offered()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.DefaultReply(250, "2.1.5 Ok");

        var result = await ProbeAsync(server.Port, Request("josé@x.test"));

        Assert.True(result.Outcome == ProbeOutcome.Completed, $"{result.Outcome}: {result.Error}");
        Assert.Equal("MAIL FROM:<verify@verifier.test> SMTPUTF8", server.ClientLines.Single(line => line.StartsWith("MAIL", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Non_ascii_recipient_is_not_sent_to_a_server_without_SMTPUTF8()
    {
        await using var peer = ScriptedSmtpPeer.Start(ScriptedSmtpPeer.AcceptEverything);

        var result = await ProbeAsync(peer.Port, Request("josé@x.test", "bob@x.test"));

        Assert.Equal(ProbeOutcome.Completed, result.Outcome);
        Assert.Equal(["bob@x.test"], result.Replies.Keys);
        Assert.Contains("SMTPUTF8", result.Error, StringComparison.Ordinal);
        Assert.Equal(["RCPT TO:<bob@x.test>"], peer.ReceivedLines.Where(line => line.StartsWith("RCPT", StringComparison.Ordinal)));
        Assert.DoesNotContain(peer.ReceivedLines, line => line.Contains("SMTPUTF8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sessions_per_host_are_limited()
    {
        var current = 0;
        var highest = 0;
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            InterlockedMax(ref highest, Interlocked.Increment(ref current));
            await Task.Delay(100, ct);
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(
                line =>
                {
                    if (line.StartsWith("RCPT", StringComparison.Ordinal))
                    {
                        Interlocked.Decrement(ref current); // the session's last command before QUIT
                    }

                    return "250 Ok";
                },
                ct);
        });
        var options = Options(peer.Port, o => o.MaxSessionsPerHost = 1);
        var prober = Prober(options);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => prober.ProbeAsync(Request($"u{i}@x.test"), CancellationToken.None)));

        Assert.All(results, result => Assert.True(result.Outcome == ProbeOutcome.Completed, $"{result.Outcome}: {result.Error}"));
        Assert.Equal(4, peer.ConnectionCount);
        Assert.Equal(1, Volatile.Read(ref highest));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
