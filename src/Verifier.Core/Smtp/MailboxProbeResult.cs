namespace Verifier.Core.Smtp;

/// <summary>What the recipient's servers said.</summary>
/// <param name="Outcome">How the probe ended.</param>
/// <param name="Host">The MX host that gave the decisive answer (or the last one tried).</param>
/// <param name="Replies">RCPT reply per recipient, keyed as given in the request; recipients without one were not reached.</param>
/// <param name="CatchAllReply">The reply to the random-recipient RCPT, when asked for and reached.</param>
/// <param name="SessionReply">The reply that ended the session early (banner, EHLO or MAIL FROM), when there was one.</param>
/// <param name="Error">A short description of a connection or protocol failure.</param>
/// <param name="Duration">Wall time of the whole probe.</param>
public sealed record MailboxProbeResult(
    ProbeOutcome Outcome,
    string? Host,
    IReadOnlyDictionary<string, SmtpReply> Replies,
    SmtpReply? CatchAllReply,
    SmtpReply? SessionReply,
    string? Error,
    TimeSpan Duration)
{
    /// <summary>
    /// True when at least one TCP connection to an MX host was established. False with a failed outcome
    /// means nothing answered on the SMTP port at all: the signature of blocked outbound port 25.
    /// </summary>
    public bool Connected { get; init; }
}
