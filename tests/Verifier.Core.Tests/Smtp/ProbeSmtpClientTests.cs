using System.Net;
using MailKit.Security;
using Verifier.Core.Smtp;
using Verifier.Testing.Smtp;

namespace Verifier.Core.Tests.Smtp;

public class ProbeSmtpClientTests
{
    [Fact]
    public async Task Issues_envelope_commands_and_reset_without_DATA()
    {
        await using var server = await LoopbackSmtpServer.StartAsync();
        server.Reply("bob@x.test", 550, "5.1.1 User unknown");
        using var client = new ProbeSmtpClient("probe.verifier.test");

        await client.ConnectAsync(IPAddress.Loopback.ToString(), server.Port, SecureSocketOptions.None);
        Assert.True(client.SupportsSmtpUtf8);
        var mail = await client.MailFromAsync("verify@verifier.test", smtpUtf8: false, CancellationToken.None);
        var rcpt = await client.RcptToAsync("bob@x.test", CancellationToken.None);
        var reset = await client.ResetAsync(CancellationToken.None);
        await client.QuitAsync(CancellationToken.None);

        Assert.Equal(250, mail.Code);
        Assert.Equal(new SmtpReply(550, "5.1.1", "User unknown"), rcpt);
        Assert.Equal(250, reset.Code);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "RSET", "QUIT"], server.Commands);
    }

    [Fact]
    public async Task Failed_STARTTLS_is_retried_in_plain_text_as_an_MTA_would()
    {
        var connections = 0;
        await using var peer = ScriptedSmtpPeer.Start(async (connection, ct) =>
        {
            var number = Interlocked.Increment(ref connections);
            await connection.WriteLineAsync("220 mx.test ESMTP", ct);
            await connection.AnswerCommandsAsync(
                line => line switch
                {
                    _ when line.StartsWith("EHLO", StringComparison.Ordinal) => "250-mx.test\r\n250 STARTTLS",
                    "STARTTLS" when number == 1 => "220 2.0.0 Ready to start TLS\r\nnot a TLS record",
                    _ => "250 2.1.5 Ok",
                },
                ct);
        });

        var result = await ProbeHarness.ProbeAsync(peer.Port, ProbeHarness.Request("alice@x.test"));

        Assert.True(result.Outcome == ProbeOutcome.Completed, $"{result.Outcome}: {result.Error}");
        Assert.Equal(2, peer.ConnectionCount);
        Assert.Single(peer.ReceivedLines, line => line == "STARTTLS");
    }
}
