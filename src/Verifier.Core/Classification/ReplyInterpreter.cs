using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>
/// Reads one SMTP reply (basic code, RFC 3463 enhanced code and text) as a <see cref="Reason"/>.
/// Pure: no I/O, no state.
/// </summary>
/// <remarks>
/// <para>
/// Servers disagree on codes far more than on wording, so the order of the checks matters more than
/// any single rule. For a permanent (5xx) reply:
/// </para>
/// <list type="number">
/// <item>Complaints about the probe's sender (<c>Sender address rejected</c>, <c>Sender verify failed</c>,
/// enhanced 5.1.7/5.1.8) are <see cref="Reason.Blocked"/>: they say nothing about the recipient, even when
/// they contain "does not exist" or "unrouteable address".</item>
/// <item>Security and policy codes (5.7.x, including 5.7.23 SPF and 5.7.26 DMARC) are <see cref="Reason.Blocked"/>.</item>
/// <item>Wording that names a blocklist, spam or reputation is <see cref="Reason.Blocked"/>: a 550 that names
/// Spamhaus is the probe being refused, not a missing mailbox.</item>
/// <item>The provider's own "user unknown" wordings (<see cref="ProviderProfile.UserUnknownPhrases"/>).</item>
/// <item>5.4.1 with "recipient address rejected"/"access denied": Microsoft 365 Directory-Based Edge
/// Blocking, which rejects recipients that are not in the tenant's directory: <see cref="Reason.MailboxNotFound"/>.</item>
/// <item>Quota (5.2.2 or wording such as "mailbox full", "over quota") is <see cref="Reason.MailboxFull"/>,
/// whatever the basic code (some servers send 550 for a full mailbox).</item>
/// <item>5.2.1 is <see cref="Reason.MailboxDisabled"/>; addressing codes 5.1.0/5.1.1/5.1.2/5.1.3/5.1.6/5.1.10
/// are <see cref="Reason.MailboxNotFound"/>.</item>
/// <item>Softer policy wording ("access denied", "relay", "policy", "not authorized") is <see cref="Reason.Blocked"/>.</item>
/// <item>"disabled"/"inactive"/"suspended" wording, then "user unknown"-style wording.</item>
/// <item>Otherwise the basic code alone, conservatively: 551 and 552 keep their RFC 5321 meaning, 500–504
/// are protocol trouble, and any other 5xx is <see cref="Reason.Blocked"/> (never "mailbox not found"
/// without evidence: that verdict makes people delete addresses), all with <see cref="ReplyMeaning.Decisive"/> false.</item>
/// </list>
/// <para>
/// Transient (4xx) replies never make an address undeliverable: 421 is <see cref="Reason.SmtpUnavailable"/>
/// (the server is busy or throttling, even when Gmail or Yahoo mention unsolicited mail or complaints);
/// quota (4.2.2) is <see cref="Reason.MailboxFull"/>; a sender complaint or blocklist/policy wording
/// (e.g. Postfix's <c>450 4.7.1 Client host rejected: cannot find your hostname</c>) is
/// <see cref="Reason.Blocked"/>; "452 4.3.1 Insufficient system storage" is the server's own disk, not
/// the mailbox, so <see cref="Reason.SmtpUnavailable"/>; every other 450/451 is
/// <see cref="Reason.Greylisted"/> (greylisting, "try again later", 4.2.0, 4.7.1).
/// </para>
/// </remarks>
public static class ReplyInterpreter
{
    /// <summary>Wording about the probe's own MAIL FROM identity.</summary>
    private static readonly string[] SenderPhrases =
    [
        "sender address rejected", "sender verify", "verification failed for", "sender rejected",
        "domain of sender address", "sender domain", "sender address", "sender is not allowed",
        "could not complete sender",
    ];

    /// <summary>Wording that names a blocklist, spam or the sender's reputation.</summary>
    private static readonly string[] BlocklistPhrases =
    [
        "spamhaus", "spamcop", "sorbs", "barracuda reputation", "barracudacentral", "blocklist", "block list",
        "block listed", "blacklist", "black list", "dnsbl", "blocked using", "listed on", "listed at",
        "listed by", "is listed", "reputation", "unsolicited", "ipcheck.proofpoint",
        "sender.office.com", "banned sending ip", "rejected due to policy", "policy reasons",
    ];

    /// <summary>Short blocklist tokens matched as whole words only.</summary>
    private static readonly string[] BlocklistWords = ["spam", "rbl", "uce"];

    /// <summary>Policy wording that is weaker than an explicit mailbox code.</summary>
    private static readonly string[] PolicyPhrases =
    [
        "blocked", "access denied", "denied", "policy", "not authorized", "not authorised", "unauthenticated",
        "not permitted", "prohibit", "relay", "client host rejected", "banned", "authentication",
        "authenticate", "reverse dns", "reverse hostname", "spoof", "forbidden", "not accepted from",
        "connections will not be accepted", "too many connections",
    ];

    /// <summary>Short policy tokens matched as whole words only.</summary>
    private static readonly string[] PolicyWords = ["spf", "dkim", "dmarc", "ptr", "rdns", "helo"];

    private static readonly string[] GreylistPhrases =
    [
        "greylist", "graylist", "grey-list", "gray-list", "grey list", "gray list",
    ];

    private static readonly string[] DeferralPhrases =
    [
        "try again", "try later", "retry", "come back later", "deferred", "temporar", "later",
    ];

    private static readonly string[] QuotaPhrases =
    [
        "quota", "mailbox full", "mailbox is full", "mail box full", "mailbox has exceeded", "inbox is full",
        "inbox full", "full mailbox", "mailfolder is full", "exceeded storage", "storage allocation",
        "insufficient storage", "out of storage", "storage limit", "size limit exceeded",
        "exceeded its storage", "blocks limit exceeded", "too many messages in",
    ];

    /// <summary>The mail system's own storage, not the recipient's mailbox (RFC 5321 452, RFC 3463 X.3.1).</summary>
    private static readonly string[] SystemStoragePhrases = ["system storage", "mail system full"];

    private static readonly string[] DisabledPhrases =
    [
        "disabled", "inactive", "suspended", "deactivated", "no longer active", "account expired",
        "account has been closed", "account is closed", "mailbox is frozen", "account is locked", "account locked",
        "mailbox is locked",
    ];

    private static readonly string[] NotFoundPhrases =
    [
        "user unknown", "unknown user", "no such user", "no such recipient", "no such mailbox", "no such account",
        "no such address", "does not exist", "doesn't exist", "not exist", "recipient not found",
        "user not found", "address not found", "mailbox not found", "account not found", "mailbox unavailable",
        "mailbox is unavailable", "is unavailable: user", "invalid recipient", "invalid mailbox", "invalid address",
        "invalid user", "address rejected", "recipient rejected", "unknown recipient", "recipient unknown",
        "addressee unknown", "unknown address", "unknown or illegal alias", "unrouteable address",
        "unroutable address", "no mailbox", "not a valid mailbox", "mailbox name not allowed", "user not local",
        "user doesn't have", "nosuchuser", "recipnotfound", "not listed in", "not our customer",
        "bad destination", "no longer available", "not a known user", "account that you tried to reach",
    ];

    /// <summary>Interprets a reply without provider knowledge.</summary>
    public static ReplyMeaning Interpret(SmtpReply reply) => Interpret(reply, provider: null);

    /// <summary>Interprets a reply, using the provider's own "user unknown" wordings when it is known.</summary>
    public static ReplyMeaning Interpret(SmtpReply reply, ProviderProfile? provider)
    {
        ArgumentNullException.ThrowIfNull(reply);

        var text = Normalize(reply.Text);
        var status = EnhancedStatus.Find(reply);

        return reply.Code switch
        {
            >= 200 and < 300 => new ReplyMeaning(Reason.Accepted, true),
            >= 400 and < 500 => InterpretTransient(reply.Code, status, text),
            >= 500 and < 600 => InterpretPermanent(reply.Code, status, text, provider),
            _ => new ReplyMeaning(Reason.SmtpUnavailable, false),
        };
    }

    private static ReplyMeaning InterpretTransient(int code, EnhancedStatus? status, string text)
    {
        if (code == 421)
        {
            return new ReplyMeaning(Reason.SmtpUnavailable, true);
        }

        if (ContainsAny(text, GreylistPhrases))
        {
            return new ReplyMeaning(Reason.Greylisted, true);
        }

        if (ContainsAny(text, SystemStoragePhrases) || status is { Subject: 3, Detail: 1 })
        {
            return new ReplyMeaning(Reason.SmtpUnavailable, true);
        }

        if (status is { Subject: 2, Detail: 2 } || ContainsAny(text, QuotaPhrases))
        {
            return new ReplyMeaning(Reason.MailboxFull, true);
        }

        if (IsSenderComplaint(status, text)
            || ContainsAny(text, BlocklistPhrases) || ContainsAnyWord(text, BlocklistWords)
            || ContainsAny(text, PolicyPhrases) || ContainsAnyWord(text, PolicyWords))
        {
            return new ReplyMeaning(Reason.Blocked, true);
        }

        if (code is 450 or 451)
        {
            var named = status is { Subject: 2, Detail: 0 } or { Subject: 7, Detail: 1 }
                || ContainsAny(text, DeferralPhrases);
            return new ReplyMeaning(Reason.Greylisted, named);
        }

        // 452 "too many recipients" (4.5.3), 454, 455 and the like: the server, not the mailbox.
        return new ReplyMeaning(Reason.SmtpUnavailable, false);
    }

    private static ReplyMeaning InterpretPermanent(int code, EnhancedStatus? status, string text, ProviderProfile? provider)
    {
        if (IsSenderComplaint(status, text) || status is { Subject: 7 }
            || ContainsAny(text, BlocklistPhrases) || ContainsAnyWord(text, BlocklistWords))
        {
            return new ReplyMeaning(Reason.Blocked, true);
        }

        if (provider is not null && ContainsAny(text, provider.UserUnknownPhrases))
        {
            return new ReplyMeaning(Reason.MailboxNotFound, true);
        }

        // Microsoft 365 Directory-Based Edge Blocking: "550 5.4.1 Recipient address rejected: Access denied".
        if (status is { Subject: 4, Detail: 1 }
            && (Contains(text, "recipient address rejected") || Contains(text, "access denied")))
        {
            return new ReplyMeaning(Reason.MailboxNotFound, true);
        }

        if (status is { Subject: 2, Detail: 2 } || ContainsAny(text, QuotaPhrases))
        {
            return new ReplyMeaning(Reason.MailboxFull, true);
        }

        if (status is { Subject: 2, Detail: 1 })
        {
            return new ReplyMeaning(Reason.MailboxDisabled, true);
        }

        if (status is { Subject: 1, Detail: 0 or 1 or 2 or 3 or 6 or 10 })
        {
            return ContainsAny(text, DisabledPhrases)
                ? new ReplyMeaning(Reason.MailboxDisabled, true)
                : new ReplyMeaning(Reason.MailboxNotFound, true);
        }

        if (ContainsAny(text, PolicyPhrases) || ContainsAnyWord(text, PolicyWords))
        {
            return new ReplyMeaning(Reason.Blocked, true);
        }

        if (ContainsAny(text, DisabledPhrases))
        {
            return new ReplyMeaning(Reason.MailboxDisabled, true);
        }

        if (ContainsAny(text, NotFoundPhrases))
        {
            return new ReplyMeaning(Reason.MailboxNotFound, true);
        }

        return code switch
        {
            551 => new ReplyMeaning(Reason.MailboxNotFound, false),
            552 => new ReplyMeaning(Reason.MailboxFull, false),
            >= 500 and <= 504 or 555 => new ReplyMeaning(Reason.SmtpUnavailable, false),
            _ => new ReplyMeaning(Reason.Blocked, false),
        };
    }

    /// <summary>RFC 3463 X.1.7 (bad sender mailbox syntax) and X.1.8 (bad sender system address), or sender wording.</summary>
    private static bool IsSenderComplaint(EnhancedStatus? status, string text) =>
        status is { Subject: 1, Detail: 7 or 8 } || ContainsAny(text, SenderPhrases);

    private static string Normalize(string text) => text.Replace('\u2019', '\'');

    private static bool Contains(string text, string phrase) =>
        text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsAny(string text, IReadOnlyList<string> phrases)
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

    private static bool ContainsAnyWord(string text, IReadOnlyList<string> words)
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
