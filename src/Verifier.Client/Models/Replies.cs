namespace Verifier.Client;

/// <summary>The class of an SMTP reply, and of what a bounce report says about one recipient.</summary>
[ApiSchema("ReplyClass")]
public enum ReplyClass
{
    /// <summary>2xx, 2.X.X: the action succeeded (a delivery notice, an accepted recipient).</summary>
    Success,

    /// <summary>3xx: the server waits for more (354 after DATA, 334 during AUTH); not an answer about a recipient.</summary>
    Intermediate,

    /// <summary>4xx, 4.X.X, or a failure the reporting MTA still retries: the same send may succeed later.</summary>
    Temporary,

    /// <summary>5xx, 5.X.X, or a failure the reporting MTA gave up on.</summary>
    Permanent,

    /// <summary>The message reports no delivery outcome: a complaint, an auto-reply, ordinary mail.</summary>
    None,

    /// <summary>The text was not recognised.</summary>
    Unknown,
}

/// <summary>
/// What an SMTP reply or a bounce report says about one recipient: the verification reasons a reply can name, split
/// finer where a sender acts differently, plus the kinds of message that are not bounces (README, "Bounces").
/// </summary>
[ApiSchema("ReplyReason")]
public enum ReplyReason
{
    /// <summary>Accepted or delivered (2xx, DSN <c>Action: delivered</c>).</summary>
    Accepted,

    /// <summary>The address is not valid syntax (X.1.3, 553 "mailbox name not allowed" wording).</summary>
    InvalidSyntax,

    /// <summary>The recipient's domain does not exist (X.1.2, X.4.4, "Host or domain name not found").</summary>
    NoSuchDomain,

    /// <summary>The domain has no working mail server ("all relevant MX records point to non-existent hosts").</summary>
    NoMailServer,

    /// <summary>The domain accepts no mail: a null MX (RFC 7505; 556, X.1.10) or 521.</summary>
    NullMx,

    /// <summary>The mailbox does not exist (X.1.1, "user unknown").</summary>
    MailboxNotFound,

    /// <summary>The mailbox exists but is disabled, suspended or closed (X.2.1, X.7.13, "account disabled").</summary>
    MailboxDisabled,

    /// <summary>The mailbox is over quota (X.2.2, "mailbox full").</summary>
    MailboxFull,

    /// <summary>Deferred on purpose for a later retry (450/451, greylisting).</summary>
    Greylisted,

    /// <summary>The receiving server was unavailable, refused or broke the connection (421, X.4.1, "connection refused").</summary>
    SmtpUnavailable,

    /// <summary>The receiving server did not answer in time (X.4.2, "timed out").</summary>
    Timeout,

    /// <summary>A DNS lookup failed temporarily (X.4.3, "Host not found, try again").</summary>
    DnsError,

    /// <summary>The sender is throttled: too much mail, too fast, too many connections (X.7.28, Yahoo TSS04, "rate limited").</summary>
    RateLimited,

    /// <summary>Refused as spam, or the sending IP or domain is on a blocklist or has a bad reputation.</summary>
    SpamBlock,

    /// <summary>Sender authentication failed: DMARC (X.7.26), SPF (X.7.23), DKIM (X.7.20–22), reverse DNS (X.7.25).</summary>
    AuthFailure,

    /// <summary>Refused by another policy: relay denied, sender or recipient restrictions, a rejected sender address.</summary>
    Policy,

    /// <summary>The content was refused: a virus, an attachment type, malformed headers (X.6.X, content filters).</summary>
    ContentRejected,

    /// <summary>The message is larger than the recipient or its system accepts (X.2.3, X.3.4).</summary>
    MessageTooLarge,

    /// <summary>The message looped between servers (X.4.6, "too many hops").</summary>
    MailLoop,

    /// <summary>The reporting MTA gave up after its retry period (X.4.7, "retry timeout exceeded"); the address may be fine.</summary>
    Expired,

    /// <summary>The recipient's mail system failed (a local delivery program, a misconfigured system; X.3.5).</summary>
    SystemError,

    /// <summary>Delivery failed or is delayed, and the report does not say why.</summary>
    Undetermined,

    /// <summary>A feedback report (ARF, RFC 5965): the recipient complained or unsubscribed. Not a bounce.</summary>
    Complaint,

    /// <summary>Not a delivery report at all: an auto-reply (RFC 3834), a vacation notice, ordinary mail.</summary>
    NotABounce,

    /// <summary>The text was not recognised.</summary>
    Unrecognised,
}

/// <summary>What a sender does with the address after a reply or a bounce.</summary>
[ApiSchema("SenderAction")]
public enum SenderAction
{
    /// <summary>Stop sending to the address: it does not exist, is disabled, its domain takes no mail, or its owner complained.</summary>
    Suppress,

    /// <summary>Keep the address and send again later: temporary failures, full mailboxes, throttling, expiry.</summary>
    RetryLater,

    /// <summary>The address is not at fault: fix the sender's reputation, authentication, configuration or message.</summary>
    FixConfiguration,

    /// <summary>Nothing to do: delivered, not a bounce, or not recognised.</summary>
    None,
}
