namespace Verifier.Core.Smtp;

/// <summary>How an SMTP probe of one domain ended.</summary>
public enum ProbeOutcome
{
    /// <summary>A session reached RCPT: every recipient has a reply, except non-ASCII ones a server without SMTPUTF8 could not be asked about (see <see cref="MailboxProbeResult.Error"/>).</summary>
    Completed,

    /// <summary>Every address of every MX host is private or reserved and not allowed: nothing was contacted.</summary>
    NoRoutableAddress,

    /// <summary>No MX host accepted a TCP connection (refused, unreachable).</summary>
    ConnectFailed,

    /// <summary>The server refused the session before RCPT (banner, EHLO or MAIL FROM): see <see cref="MailboxProbeResult.SessionReply"/>.</summary>
    SessionRejected,

    /// <summary>A connect, command or the whole-probe time limit ran out.</summary>
    Timeout,

    /// <summary>The peer broke the protocol (garbage, over-long reply, reset mid-reply).</summary>
    ProtocolError,
}
