namespace Verifier.Core.Bounces;

/// <summary>The values of <see cref="BounceClassification.Reason"/>.</summary>
public static class BounceReasons
{
    /// <summary>The mailbox does not exist (5.1.1, "user unknown").</summary>
    public const string MailboxNotFound = "mailbox_not_found";

    /// <summary>The mailbox exists but is disabled (5.2.1).</summary>
    public const string MailboxDisabled = "mailbox_disabled";

    /// <summary>The mailbox is over quota (5.2.2, 4.2.2).</summary>
    public const string MailboxFull = "mailbox_full";

    /// <summary>The recipient's domain does not exist or cannot be routed to (5.1.2, 5.4.4, "Host or domain name not found").</summary>
    public const string NoSuchDomain = "no_such_domain";

    /// <summary>The domain has no working mail server ("all relevant MX records point to non-existent hosts").</summary>
    public const string NoMailServer = "no_mail_server";

    /// <summary>The domain publishes a null MX (RFC 7505; 556, 5.1.10).</summary>
    public const string NullMx = "null_mx";

    /// <summary>The server deferred the message (450/451), typically greylisting.</summary>
    public const string Greylisted = "greylisted";

    /// <summary>The server was unavailable, refused the connection or broke it (421, connection refused).</summary>
    public const string SmtpUnavailable = "smtp_unavailable";

    /// <summary>The remote server did not answer in time.</summary>
    public const string Timeout = "timeout";

    /// <summary>A DNS lookup failed temporarily (4.4.3, "Host not found, try again").</summary>
    public const string DnsError = "dns_error";

    /// <summary>The sender is being throttled (421 4.7.28, Yahoo TSS04, "rate limited").</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The message or the sending IP was refused as spam or for being on a blocklist (554, 5.7.1 spam wording).</summary>
    public const string SpamBlock = "spam_block";

    /// <summary>Sender authentication failed: DMARC (5.7.26), SPF (5.7.23), DKIM (5.7.20–22), reverse DNS (5.7.25).</summary>
    public const string AuthFailure = "auth_failure";

    /// <summary>Refused by another policy: relay denied, message too large, content or recipient restrictions.</summary>
    public const string Policy = "policy";

    /// <summary>A delivery report that reports success (2xx, Action: delivered).</summary>
    public const string Accepted = "accepted";

    /// <summary>The text is not recognised as a bounce.</summary>
    public const string Unrecognised = "unrecognised";
}
