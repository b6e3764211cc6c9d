namespace Verifier.Core.Classification;

/// <summary>Why a verdict was given. Serialised in snake_case (DESIGN.md, reason table).</summary>
public enum Reason
{
    /// <summary>RCPT accepted (250) by a server that rejects unknown recipients.</summary>
    Accepted,

    /// <summary>Not an RFC 5321 mailbox.</summary>
    InvalidSyntax,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    NoSuchDomain,

    /// <summary>
    /// The domain exists but has neither MX nor A/AAAA records, or its MX hosts do not exist (a dangling MX: every
    /// MX host name is NXDOMAIN or has no A/AAAA). Mail to it bounces 550 5.4.4 either way.
    /// </summary>
    NoMailServer,

    /// <summary>The domain publishes a null MX (RFC 7505): it accepts no mail.</summary>
    NullMx,

    /// <summary>Every MX resolves only to private or reserved addresses.</summary>
    UnroutableMx,

    /// <summary>The server said the mailbox does not exist (550 5.1.1).</summary>
    MailboxNotFound,

    /// <summary>The mailbox exists but is disabled (550 5.2.1).</summary>
    MailboxDisabled,

    /// <summary>The mailbox is over quota (552 5.2.2 or 452 4.2.2).</summary>
    MailboxFull,

    /// <summary>The server accepts any recipient, so acceptance proves nothing.</summary>
    CatchAll,

    /// <summary>A disposable-mailbox domain.</summary>
    Disposable,

    /// <summary>The server deferred the recipient (450/451): greylisting.</summary>
    Greylisted,

    /// <summary>No MX host took a session (421, connection refused, all down).</summary>
    SmtpUnavailable,

    /// <summary>The probe itself was refused by policy (554, 5.7.x).</summary>
    Blocked,

    /// <summary>The SMTP conversation ran out of time.</summary>
    Timeout,

    /// <summary>DNS failed (SERVFAIL or time-out): nothing is known about the domain.</summary>
    DnsError,

    /// <summary>SMTP was not asked for, or the time budget was spent before it answered.</summary>
    SmtpNotChecked,
}
