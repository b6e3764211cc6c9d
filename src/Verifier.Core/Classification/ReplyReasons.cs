namespace Verifier.Core.Classification;

/// <summary>How each <see cref="ReplyReason"/> maps to the sender's action and to the verification vocabulary.</summary>
public static class ReplyReasons
{
    /// <summary>
    /// The sender's action. Only a permanent failure about the address itself suppresses it (and a complaint, whose
    /// sender asked for no more mail); a temporary failure never does. A full mailbox retries even when permanent:
    /// RFC 3463 allows X.2.2 in either class and its owner can empty it, so suppress only after repeated bounces.
    /// </summary>
    public static SenderAction ActionOf(ReplyReason reason, ReplyClass replyClass) => reason switch
    {
        ReplyReason.MailboxNotFound or ReplyReason.MailboxDisabled or ReplyReason.NoSuchDomain
            or ReplyReason.NoMailServer or ReplyReason.NullMx or ReplyReason.InvalidSyntax =>
            replyClass == ReplyClass.Permanent ? SenderAction.Suppress : SenderAction.RetryLater,
        ReplyReason.Complaint => SenderAction.Suppress,
        ReplyReason.MailboxFull or ReplyReason.Greylisted or ReplyReason.SmtpUnavailable or ReplyReason.Timeout
            or ReplyReason.DnsError or ReplyReason.RateLimited or ReplyReason.Expired or ReplyReason.MailLoop
            or ReplyReason.SystemError or ReplyReason.Undetermined => SenderAction.RetryLater,
        ReplyReason.SpamBlock or ReplyReason.AuthFailure or ReplyReason.Policy or ReplyReason.ContentRejected
            or ReplyReason.MessageTooLarge => SenderAction.FixConfiguration,
        _ => SenderAction.None,
    };

    /// <summary>
    /// The verification reason of a reply to the probe's RCPT (DESIGN.md's table). A 421 is always
    /// <see cref="Reason.SmtpUnavailable"/> (the seed's remedy: back off); any other temporary reply that is not a
    /// full mailbox or a DNS failure is <see cref="Reason.Greylisted"/> when 450/451 (retry later), else unavailable;
    /// refusals of the sender (spam, authentication, policy, content) are <see cref="Reason.Blocked"/>: the probe was
    /// refused, the mailbox not checked. A bare 550/553/554 that names nothing is blocked too, never "not found"
    /// without evidence.
    /// </summary>
    public static Reason ToVerification(ReplyReading reading, int code)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Class == ReplyClass.Success)
        {
            return Reason.Accepted;
        }

        if (reading.Class == ReplyClass.Temporary)
        {
            return code == 421 ? Reason.SmtpUnavailable : TemporaryVerification(reading.Reason, code);
        }

        if (reading.Class != ReplyClass.Permanent)
        {
            return Reason.SmtpUnavailable;
        }

        return reading.Reason switch
        {
            ReplyReason.MailboxNotFound when !reading.Decisive && code != 551 => Reason.Blocked,
            ReplyReason.MailboxNotFound => Reason.MailboxNotFound,
            ReplyReason.MailboxDisabled => Reason.MailboxDisabled,
            ReplyReason.MailboxFull => Reason.MailboxFull,
            ReplyReason.NoSuchDomain => Reason.NoSuchDomain,
            ReplyReason.NoMailServer => Reason.NoMailServer,
            ReplyReason.NullMx => Reason.NullMx,
            ReplyReason.InvalidSyntax when reading.Decisive => Reason.InvalidSyntax,
            ReplyReason.SmtpUnavailable or ReplyReason.Timeout or ReplyReason.DnsError or ReplyReason.SystemError =>
                Reason.SmtpUnavailable,
            _ => Reason.Blocked,
        };
    }

    /// <summary>The verification reason a reason of the knowledge base relates to, for a code of this class.</summary>
    public static Reason? RelatedVerification(ReplyReason? reason, ReplyClass replyClass, int code) =>
        reason is null ? null : ToVerification(new ReplyReading(reason.Value, replyClass, ActionOf(reason.Value, replyClass), true), code);

    private static Reason TemporaryVerification(ReplyReason reason, int code) => reason switch
    {
        ReplyReason.MailboxFull => Reason.MailboxFull,
        ReplyReason.DnsError => Reason.DnsError,
        ReplyReason.Timeout => Reason.Timeout,
        ReplyReason.SpamBlock or ReplyReason.AuthFailure or ReplyReason.Policy or ReplyReason.ContentRejected => Reason.Blocked,
        ReplyReason.SmtpUnavailable or ReplyReason.SystemError => Reason.SmtpUnavailable,
        _ when code is 450 or 451 => Reason.Greylisted,
        ReplyReason.Greylisted => Reason.Greylisted,
        _ => Reason.SmtpUnavailable,
    };
}
