namespace Verifier.Core.Classification;

/// <summary>
/// The wording rules of <see cref="ReplyInterpreter"/>: phrases (matched case-insensitively) that name a reason,
/// grouped by the reason they name. Provider-specific wording lives in <see cref="ProviderProfiles"/>.
/// </summary>
internal static class ReplyWording
{
    /// <summary>Catch-all notices that list every possible cause; they mean a missing mailbox more than anything they list.</summary>
    public static readonly string[] GenericNotFound = ["the account or domain may not exist, they may be blacklisted"];

    /// <summary>Throttling of the sender: names a rate, a volume or a connection limit.</summary>
    public static readonly string[] RateLimit =
    [
        "rate limit", "ratelimit", "rate-limit", "at a rate", "unusual rate", "receiving mail too quickly",
        "too many connections", "too many concurrent", "too many messages from", "received too many messages",
        "too many mails from", "too many requests", "too many recipients", "connection rate", "message rate",
        "throttl", "unexpected volume", "too fast", "too quickly", "slow down", "sending limit",
        "exceeded the maximum number of", "reached its limit for processing",
    ];

    /// <summary>A message that went round in circles.</summary>
    public static readonly string[] Loop =
    [
        "mail loop", "routing loop", "message looping", "loops back to myself", "loop detected", "looping",
        "too many hops", "hop count", "max hops",
    ];

    /// <summary>A blocklist, spam filtering or the sender's reputation.</summary>
    public static readonly string[] Spam =
    [
        "spamhaus", "spamcop", "sorbs", "barracuda", "blocklist", "block list", "block listed", "blacklist",
        "black list", "dnsbl", "uribl", "blocked using", "listed on", "listed at", "listed by", "is listed",
        "reputation", "unsolicited", "bulk mail", "bulk email", "classification as bulk", "rejected - bulk",
        "phish", "mass mailer", "suspicious", "ipcheck.proofpoint", "banned sending ip", "spam",
    ];

    /// <summary>Short spam tokens matched as whole words only.</summary>
    public static readonly string[] SpamWords = ["rbl", "uce", "ube"];

    /// <summary>Sender authentication: DMARC, SPF, DKIM, reverse DNS.</summary>
    public static readonly string[] Authentication =
    [
        "dmarc", "sender policy framework", "dkim", "domainkeys", "not allowed to send mail from",
        "unauthenticated", "not authenticated", "authentication required", "ptr record", "reverse dns",
        "reverse hostname", "cannot find your hostname", "can't find your hostname", "reverse lookup",
    ];

    /// <summary>Short authentication tokens matched as whole words only.</summary>
    public static readonly string[] AuthenticationWords = ["spf", "rdns", "ptr"];

    /// <summary>Complaints about the sender's own address, which say nothing about the recipient.</summary>
    public static readonly string[] Sender =
    [
        "sender address rejected", "sender verify", "verification failed for", "sender rejected",
        "domain of sender address", "sender domain", "sender address", "sender is not allowed",
        "could not complete sender", "unauthorized sender", "sender denied", "sender not pre-approved",
        "rfc.5321 from domain", "no mail from", "your server requires confirmation",
    ];

    /// <summary>The reporting MTA gave up after its retry period.</summary>
    public static readonly string[] Expired =
    [
        "delivery time expired", "maximum-time-expired", "message timed out", "retry timeout exceeded",
        "retry time exceeded", "in the queue too long", "giving up", "gave up", "maximum delivery attempts",
        "could not be delivered within", "not delivered within", "within the allowed queue period",
        "message expired", "has not been collected after", "been failing for a long time", "was aborted after",
        "attempts to deliver over", "delivery failed 20 attempts", "could not deliver for the last",
    ];

    /// <summary>The recipient's mailbox is over quota.</summary>
    public static readonly string[] Quota =
    [
        "quota", "mailbox full", "mailbox is full", "mail box full", "mailbox has exceeded", "inbox is full",
        "inbox full", "full mailbox", "mailfolder is full", "mailbox size limit", "exceeded storage",
        "storage allocation", "insufficient storage", "out of storage", "storage space", "storage limit",
        "exceeded its storage", "blocks limit exceeded", "too many messages in", "too many messages on the server",
        "too much mail stored", "zuviele mails", "disk space limit", "diskspace", "not enough space",
        "enough space", "space not enough", "exceeds allowed size", "account is full", "casilla de mail agotado",
        "mailbox exceeds", "user's mailbox is full", "full and can't accept",
    ];

    /// <summary>The mail system's own storage, not the recipient's mailbox (RFC 5321 452, RFC 3463 X.3.1).</summary>
    public static readonly string[] SystemStorage = ["system storage", "mail system full"];

    /// <summary>The message is larger than the destination accepts.</summary>
    public static readonly string[] TooLarge =
    [
        "message size", "size exceeds", "exceeds size limit", "message too large", "message too big",
        "too large", "too big", "exceeds the maximum size", "maximum message size", "maximum incoming message size",
        "maximum inbound message size", "inbound message size", "message length exceeds", "size limit=",
        "sendsizelimit", "recipsizelimit", "larger than the current system limit",
    ];

    /// <summary>Content refused for what it is rather than as spam: viruses, attachments, malformed headers.</summary>
    public static readonly string[] Content =
    [
        "virus detected", "virus found", "contains a virus", "infected", "malware", "attachment", "embedded image", "no resent-from", "without to: field",
        "x-headers", "equal headers", "header is not", "not rfc", "rfc 5322", "rfc5322", "rfc 2822",
        "content reject", "content filter", "prohibited file", "forbidden content",
    ];

    /// <summary>A failure of the recipient's mail system itself.</summary>
    public static readonly string[] SystemError =
    [
        "command died", "command output", "mailer error", "%mail-e-", "error opening", "local error",
        "internal error", "system error", "while being processed", "processing error",
        "lmtp transmission failure", "configuration error", "misconfigured",
    ];

    /// <summary>The mailbox exists but does not take mail.</summary>
    public static readonly string[] Disabled =
    [
        "disabled", "inactive", "suspended", "[suspend]", "deactivated", "no longer active", "account expired",
        "account has been closed", "account is closed", "mailbox is frozen", "account is locked",
        "account locked", "mailbox is locked", "ha expirado", "discontinued",
    ];

    /// <summary>Wording that says the mailbox does not exist, strong enough to beat policy wording.</summary>
    public static readonly string[] NotFound =
    [
        "user unknown", "unknown user", "no such user", "no such recipient", "no such mailbox", "no such account",
        "no such address", "does not exist", "doesn't exist", "not exist", "dosn't exist", "nonexistent user",
        "non-existent user", "recipient not found", "user not found", "address not found", "mailbox not found",
        "account not found", "mail-box not found", "recipientnotfound", "recipnotfound", "nosuchuser",
        "recipient unknown", "addressee unknown", "unknown recipient", "unknown address", "unknown or illegal",
        "no mailbox", "no mail box", "not a valid mailbox", "mailbox name not allowed", "user not local",
        "user doesn't have", "doesn't have a", "not listed in", "not our customer", "not a known user",
        "not a valid user", "account that you tried to reach", "no account by that name", "no longer on server",
        "not an active address", "bad destination", "bad_recipient", "bad recipient", "recipient name is not recognized",
        "not recognized", "invalid final delivery", "destinatario desconocido", "inexistente", "n'existe pas",
        "wasn't found at", "user not known", "unknown user account", "address is not configured", "no such user here",
        "invalid user", "not unique", "no longer valid", "does not have a final email delivery point",
        "no matches to nameserver query", "did not exactly match",
    ];

    /// <summary>Weaker not-found wording, read only when no policy wording is present.</summary>
    public static readonly string[] WeakNotFound =
    [
        "address rejected", "recipient rejected", "invalid recipient", "invalid mailbox", "invalid address",
        "mailbox unavailable", "mailbox is unavailable", "is unavailable: user", "no longer available",
        "unrouteable address", "unroutable address", "address unknown", "rejected: aol.com", "bad address",
    ];

    /// <summary>The recipient's domain does not exist or cannot be routed to.</summary>
    public static readonly string[] NoSuchDomain =
    [
        "host or domain name not found", "domain not found", "no such domain", "domain does not exist",
        "domain doesn't exist", "couldn't find any host named", "could not find any host named",
        "unrouteable mail domain", "unroutable mail domain", "name or service not known", "nxdomain",
        "domain name not found", "no valid mx", "unknown host", "host unknown", "recipient domain",
        "malformed or unexpected name server reply", "malformed name server reply", "infodomainnonexistent",
    ];

    /// <summary>The domain exists but none of its mail servers does.</summary>
    public static readonly string[] NoMailServer =
    [
        "all relevant mx records point to non-existent hosts", "mx records point to non-existent", "no mx record",
        "no mail server", "no mail exchanger",
    ];

    /// <summary>A domain that declares it accepts no mail.</summary>
    public static readonly string[] NullMx = ["null mx", "nullmx", "does not accept mail", "accepts no mail"];

    /// <summary>Wording that makes a failed DNS lookup temporary.</summary>
    public static readonly string[] TemporaryDns = ["try again", "temporary failure in name resolution", "servfail"];

    /// <summary>A DNS failure named as such.</summary>
    public static readonly string[] DnsFailure = ["name service error", "temporary failure in name resolution", "servfail", "dns lookup"];

    public static readonly string[] Timeout = ["timed out", "timeout", "time out"];

    public static readonly string[] Connection =
    [
        "connection refused", "connection reset", "connection dropped", "connection was dropped", "no route to host",
        "network is unreachable", "lost connection", "connection closed", "could not connect", "can't connect",
        "unable to connect", "connect to", "not responding", "did not respond", "retry time not reached",
        "all hosts for", "host is unreachable", "could not initiate smtp conversation", "refused to talk",
        "not accept our requests to connect", "connection to mail exchanger failed", "establish an smtp connection",
        "server unavailable or busy", "service not available", "server busy", "network error",
    ];

    /// <summary>Refusals by another policy, weaker than an explicit mailbox code.</summary>
    public static readonly string[] Policy =
    [
        "blocked", "access denied", "denied", "policy", "not authorized", "not authorised", "not permitted",
        "prohibit", "relay", "rcpthosts", "client host rejected", "banned", "not allowed", "spoof", "forbidden",
        "not accepted from", "connections will not be accepted", "permission", "refused", "not accepting mail",
        "pre-approved", "awaits moderator", "members-only", "non-member", "restricted",
    ];

    /// <summary>Short policy tokens matched as whole words only.</summary>
    public static readonly string[] PolicyWords = ["helo", "block"];

    public static readonly string[] Greylist = ["greylist", "graylist", "grey-list", "gray-list", "grey list", "gray list"];

    /// <summary>A temporary refusal that asks for a retry.</summary>
    public static readonly string[] Deferral = ["try again", "try later", "retry", "come back later", "deferred", "temporar", "later"];

    public static bool Contains(string text, string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    public static bool ContainsAny(string text, IReadOnlyList<string> phrases)
    {
        foreach (var phrase in phrases)
        {
            if (Contains(text, phrase))
            {
                return true;
            }
        }

        return false;
    }

    public static bool ContainsAnyWord(string text, IReadOnlyList<string> words)
    {
        foreach (var word in words)
        {
            for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
                 at >= 0;
                 at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + word.Length;
                if ((at == 0 || !char.IsLetterOrDigit(text[at - 1]))
                    && (end == text.Length || !char.IsLetterOrDigit(text[end])))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
