using System.Diagnostics.CodeAnalysis;
using MailKit.Net.Smtp;

namespace Verifier.Core.Smtp;

/// <summary>
/// MailKit's SMTP client with the envelope commands a probe needs and nothing that sends a message:
/// <c>MAIL FROM</c>, <c>RCPT TO</c> and <c>RSET</c>, issued through the protected <see cref="SmtpClient.SendCommandAsync"/>.
/// Greeting, EHLO/HELO, STARTTLS and multi-line replies are MailKit's. Never sends DATA.
/// </summary>
public sealed class ProbeSmtpClient : SmtpClient
{
    /// <param name="heloName">The name sent in EHLO/HELO.</param>
    [SuppressMessage(
        "Security",
        "CA5359:Do not disable certificate validation",
        Justification = "Opportunistic STARTTLS between MTAs (RFC 7435, RFC 3207 §4.1): an MX certificate is not checked, as no MTA checks it without DANE or MTA-STS.")]
    public ProbeSmtpClient(string heloName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(heloName);
        LocalDomain = heloName;
        CheckCertificateRevocation = false;
        ServerCertificateValidationCallback = (_, _, _, _) => true;
    }

    /// <summary>The server announced SMTPUTF8 (RFC 6531) in its EHLO reply.</summary>
    public bool SupportsSmtpUtf8 => (Capabilities & SmtpCapabilities.UTF8) != 0;

    /// <summary>Sends <c>MAIL FROM:&lt;sender&gt;</c> (with SMTPUTF8 when asked) and returns the reply, whatever its code.</summary>
    public async Task<SmtpReply> MailFromAsync(string sender, bool smtpUtf8, CancellationToken cancellationToken)
    {
        var response = await SendCommandAsync(SmtpReplyParser.MailFromCommand(sender, smtpUtf8), cancellationToken).ConfigureAwait(false);
        return SmtpReplyParser.Parse((int)response.StatusCode, response.Response);
    }

    /// <summary>Sends <c>RCPT TO:&lt;recipient&gt;</c> and returns the reply, whatever its code.</summary>
    public async Task<SmtpReply> RcptToAsync(string recipient, CancellationToken cancellationToken)
    {
        var response = await SendCommandAsync(SmtpReplyParser.RcptToCommand(recipient), cancellationToken).ConfigureAwait(false);
        return SmtpReplyParser.Parse((int)response.StatusCode, response.Response);
    }

    /// <summary>Sends <c>RSET</c>, abandoning the current transaction while keeping the session.</summary>
    public async Task<SmtpReply> ResetAsync(CancellationToken cancellationToken)
    {
        var response = await SendCommandAsync("RSET", cancellationToken).ConfigureAwait(false);
        return SmtpReplyParser.Parse((int)response.StatusCode, response.Response);
    }

    /// <summary>Sends QUIT and closes the connection; never throws (a session that ends is not an error).</summary>
    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (IsConnected)
            {
                await DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or TimeoutException
            or SmtpProtocolException or SmtpCommandException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the server may already have closed the connection.
        }
    }
}
