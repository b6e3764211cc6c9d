using Verifier.Core.Classification;
using Verifier.Core.Smtp;

namespace Verifier.Core.Bounces;

/// <summary>
/// Turns bounce evidence (reply code, enhanced code, text) into a reason and an action. The reply itself is read by
/// <see cref="ReplyInterpreter"/>, the same reader the verifier uses; these rules add what a bounce can say that a
/// verification probe never hears (null MX, unknown domains, connection failures at the sending MTA) and split
/// the interpreter's "blocked" into spam, authentication and other policy refusals, because each has a different fix.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>No code and no enhanced code: the MTA's own wording (Postfix, Exim, qmail) for an unknown domain, a domain
/// whose MX hosts do not exist, a DNS failure, or a failed connection; else the wording as a reply of the bounce's
/// class; a reading that rests on no code and no wording is <c>unrecognised</c>.</item>
/// <item>Null MX: 556, or X.1.10 unless the text says the recipient was not found (Exchange Online uses 5.1.10 for
/// "RecipientNotFound").</item>
/// <item>Unknown domain: X.1.2, X.4.4 or "Host or domain name not found" wording (DNS trouble when temporary).</item>
/// <item>Authentication: X.7.20–X.7.26 (DKIM, SPF, reverse DNS, DMARC) and, for other security or unclassified
/// codes, wording that names DMARC, SPF, DKIM, PTR or reverse DNS.</item>
/// <item>Rate limiting: a temporary failure with X.7.28 or throttling wording ("rate limited", "too many", Yahoo's
/// "unexpected volume", Gmail's 4.2.1 "receiving mail at a rate").</item>
/// <item>Message too large (X.2.3, X.3.4, "size exceeds"): <c>policy</c>.</item>
/// <item>Then the interpreter's reading: mailbox not found, disabled, full, greylisted, unavailable, or blocked,
/// which becomes <c>spam_block</c> when the text names spam, a blocklist or reputation (and for a 554 that says
/// nothing else, the seed's "transaction failed / spam rejection"), else <c>policy</c>.</item>
/// <item>A bare 550, 551 or 553 that nothing else explains is read as the seed reads it: mailbox not found.</item>
/// </list>
/// <para>
/// Actions: mailbox_not_found, mailbox_disabled, no_such_domain, no_mail_server and null_mx suppress the address;
/// mailbox_full, greylisted, smtp_unavailable, timeout, dns_error and rate_limited retry later; spam_block,
/// auth_failure and policy need the sender to fix its configuration. A temporary failure never suppresses: a 450
/// 4.1.1 keeps its reason but the action is retry_later.
/// </para>
/// <para>
/// mailbox_full retries later even as a permanent 552 / 5.2.2: RFC 5321 makes 552 permanent for that transaction
/// and RFC 3463 allows X.2.2 in either class, but a full mailbox is a state that changes when its owner cleans up,
/// so suppressing on the first full-mailbox bounce loses live addresses. Retry sparingly and suppress after
/// repeated full-mailbox bounces (the seed's "retry sparingly, then treat as inactive"); the class stays permanent
/// so that policy can count it.
/// </para>
/// </remarks>
internal static class BounceRules
{
    private static readonly string[] NullMxPhrases = ["null mx", "does not accept mail", "accepts no mail"];

    private static readonly string[] RecipientNotFoundPhrases = ["recipientnotfound", "recipnotfound", "not found", "user unknown"];

    private static readonly string[] NoSuchDomainPhrases =
    [
        "host or domain name not found", "domain not found", "no such domain", "domain does not exist",
        "couldn't find any host named", "could not find any host named", "unrouteable address",
        "unroutable address", "unrouteable mail domain", "name or service not known", "nxdomain",
        "domain name not found", "no valid mx", "bad destination system",
    ];

    private static readonly string[] NoMailServerPhrases =
    [
        "all relevant mx records point to non-existent hosts", "mx records point to non-existent",
        "no mx record", "no mail server", "no mail exchanger", "mail for this domain loops back",
        "loops back to myself",
    ];

    /// <summary>Wording that makes a failed DNS lookup temporary ("Host not found, try again").</summary>
    private static readonly string[] TemporaryDnsPhrases =
    [
        "try again", "temporary failure in name resolution", "servfail", "timed out",
    ];

    private static readonly string[] TimeoutPhrases = ["timed out", "timeout", "time out"];

    private static readonly string[] ConnectionPhrases =
    [
        "connection refused", "connection reset", "no route to host", "network is unreachable", "lost connection",
        "connection closed", "could not connect", "can't connect", "unable to connect", "connect to",
        "retry timeout exceeded", "retry time not reached", "all hosts for", "host is unreachable",
    ];

    private static readonly string[] AuthPhrases =
    [
        "dmarc", "spf", "dkim", "domainkeys", "sender policy framework", "unauthenticated", "not authenticated",
        "authentication", "ptr record", "reverse dns", "reverse hostname", "rdns", "cannot find your hostname",
        "can't find your hostname", "reverse lookup",
    ];

    private static readonly string[] RatePhrases =
    [
        "rate limit", "ratelimit", "rate-limit", "at a rate", "unusual rate", "too many", "throttl",
        "unexpected volume", "too fast", "too quickly", "exceeded the maximum", "sending limit",
        "temporarily deferred due to", "[ts01]", "[ts02]", "[ts03]", "[tss04]", "tss04",
    ];

    private static readonly string[] SpamPhrases =
    [
        "spam", "unsolicited", "blocklist", "block list", "blacklist", "black list", "blocked using", "listed on",
        "listed at", "listed by", "is listed", "spamhaus", "spamcop", "barracuda", "sorbs", "dnsbl", "rbl",
        "reputation", "junk", "bulk mail", "phish", "content rejected", "message content", "suspicious",
        "(s3140)", "(s3150)", "[bl21]", "[bl22]", "[bl23]", "banned sending ip", "ipcheck.proofpoint",
    ];

    private static readonly string[] TooLargePhrases =
    [
        "size exceeds", "message too large", "message too big", "too big", "exceeds the maximum size",
        "message size", "message length exceeds",
    ];

    private static readonly string[] WordingOnlyRecognised =
    [
        "mailbox", "user", "recipient", "address", "quota", "account", "greylist", "graylist", "policy",
        "spam", "blocked", "denied", "rejected", "refused", "disabled", "deferred",
    ];

    public static BounceClassification Classify(BounceEvidence evidence)
    {
        var text = evidence.Text;
        EnhancedStatus? status = evidence.EnhancedCode is { } e && EnhancedStatus.TryParse(e, out var parsed)
            ? parsed
            : null;

        var classDigit = evidence.Code / 100 ?? status?.Class ?? evidence.Deferred switch
        {
            true => 4,
            false => 5,
            null => 0,
        };

        if (classDigit is 2 or 3)
        {
            return Result(evidence, BounceClassifier.Success, BounceReasons.Accepted);
        }

        var reason = evidence.Code is null && status is null
            ? FromWording(text, classDigit)
            : FromReply(evidence.Code, status, text, classDigit);

        if (reason is null)
        {
            return BounceClassifier.Unrecognised() with { Recipient = evidence.Recipient };
        }

        if (classDigit == 0)
        {
            classDigit = reason is BounceReasons.Greylisted or BounceReasons.SmtpUnavailable or BounceReasons.Timeout
                or BounceReasons.DnsError or BounceReasons.RateLimited ? 4 : 5;
        }

        return Result(evidence, classDigit == 4 ? BounceClassifier.Temporary : BounceClassifier.Permanent, reason);
    }

    /// <summary>The action for a reason; temporary failures never suppress.</summary>
    public static string ActionOf(string reason, string @class) => reason switch
    {
        BounceReasons.MailboxNotFound or BounceReasons.MailboxDisabled or BounceReasons.NoSuchDomain
            or BounceReasons.NoMailServer or BounceReasons.NullMx =>
            @class == BounceClassifier.Temporary ? BounceActions.RetryLater : BounceActions.Suppress,
        BounceReasons.MailboxFull or BounceReasons.Greylisted or BounceReasons.SmtpUnavailable or BounceReasons.Timeout
            or BounceReasons.DnsError or BounceReasons.RateLimited => BounceActions.RetryLater,
        BounceReasons.SpamBlock or BounceReasons.AuthFailure or BounceReasons.Policy => BounceActions.FixConfiguration,
        _ => BounceActions.None,
    };

    private static BounceClassification Result(BounceEvidence evidence, string @class, string reason) =>
        new(evidence.Code, evidence.EnhancedCode, @class, reason, ActionOf(reason, @class), evidence.Recipient,
            evidence.Text.Length == 0 ? null : evidence.Text);

    /// <summary>The MTA's own explanation, with no reply from a remote server.</summary>
    private static string? FromWording(string text, int classDigit)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (ContainsAny(text, NoMailServerPhrases))
        {
            return BounceReasons.NoMailServer;
        }

        if (ContainsAny(text, NoSuchDomainPhrases))
        {
            return ContainsAny(text, TemporaryDnsPhrases) && classDigit != 5
                ? BounceReasons.DnsError
                : BounceReasons.NoSuchDomain;
        }

        if (ContainsAny(text, ["name service error", "temporary failure in name resolution", "servfail"]))
        {
            return BounceReasons.DnsError;
        }

        if (ContainsAny(text, TimeoutPhrases) && !Contains(text, "retry timeout exceeded"))
        {
            return BounceReasons.Timeout;
        }

        if (ContainsAny(text, ConnectionPhrases))
        {
            return BounceReasons.SmtpUnavailable;
        }

        if (!ContainsAny(text, WordingOnlyRecognised) && !ContainsAny(text, SpamPhrases) && !ContainsAny(text, AuthPhrases))
        {
            return null;
        }

        var pseudoCode = classDigit == 4 ? 450 : 550;
        var reason = FromReply(null, null, text, classDigit == 0 ? 5 : classDigit, pseudoCode);
        var decisive = ReplyInterpreter.Interpret(new SmtpReply(pseudoCode, null, text)).Decisive;
        return decisive || reason is not (BounceReasons.Policy or BounceReasons.MailboxNotFound) ? reason : null;
    }

    private static string FromReply(int? code, EnhancedStatus? status, string text, int classDigit, int? pseudoCode = null)
    {
        var transient = classDigit == 4;
        var replyCode = code ?? pseudoCode ?? (transient ? 450 : 550);

        if (replyCode == 556 || (status is { Subject: 1, Detail: 10 } && !ContainsAny(text, RecipientNotFoundPhrases))
            || ContainsAny(text, NullMxPhrases))
        {
            return BounceReasons.NullMx;
        }

        if (status is { Subject: 7, Detail: 27 })
        {
            return BounceReasons.Policy;
        }

        if (status is { Subject: 1, Detail: 2 } or { Subject: 4, Detail: 4 } || ContainsAny(text, NoSuchDomainPhrases))
        {
            return transient ? BounceReasons.DnsError : BounceReasons.NoSuchDomain;
        }

        if (status is { Subject: 4, Detail: 3 })
        {
            return BounceReasons.DnsError;
        }

        var mailboxCode = status is { Subject: 1 or 2 };
        if (status is { Subject: 7, Detail: >= 20 and <= 26 }
            || (!mailboxCode && ContainsAny(text, AuthPhrases) && !ContainsAny(text, SpamPhrases)))
        {
            return transient && status is { Subject: 7, Detail: 24 } ? BounceReasons.DnsError : BounceReasons.AuthFailure;
        }

        if (transient && (status is { Subject: 7, Detail: 28 } || ContainsAny(text, RatePhrases)))
        {
            return BounceReasons.RateLimited;
        }

        if (status is { Subject: 2, Detail: 3 } or { Subject: 3, Detail: 4 } || ContainsAny(text, TooLargePhrases))
        {
            return BounceReasons.Policy;
        }

        if (transient && (status is { Subject: 4, Detail: 1 or 2 } || ContainsAny(text, ConnectionPhrases)))
        {
            return ContainsAny(text, TimeoutPhrases) ? BounceReasons.Timeout : BounceReasons.SmtpUnavailable;
        }

        var reply = new SmtpReply(replyCode, status?.ToString(), text);
        var meaning = ReplyInterpreter.Interpret(reply);
        return meaning.Reason switch
        {
            Reason.MailboxNotFound => BounceReasons.MailboxNotFound,
            Reason.MailboxDisabled => BounceReasons.MailboxDisabled,
            Reason.MailboxFull => BounceReasons.MailboxFull,
            Reason.Greylisted => BounceReasons.Greylisted,
            Reason.SmtpUnavailable when transient => ContainsAny(text, TimeoutPhrases) ? BounceReasons.Timeout : BounceReasons.SmtpUnavailable,
            Reason.SmtpUnavailable => BounceReasons.Policy,
            Reason.Blocked => FromBlocked(replyCode, status, text, meaning.Decisive, transient),
            _ => BounceReasons.Policy,
        };
    }

    /// <summary>Splits a refusal by policy into spam, authentication and other policy.</summary>
    private static string FromBlocked(int code, EnhancedStatus? status, string text, bool decisive, bool transient)
    {
        if (ContainsAny(text, SpamPhrases))
        {
            return BounceReasons.SpamBlock;
        }

        if (ContainsAny(text, AuthPhrases))
        {
            return BounceReasons.AuthFailure;
        }

        if (decisive || transient)
        {
            return BounceReasons.Policy;
        }

        return code switch
        {
            550 or 551 or 553 when status is null or { Subject: 0 or 1 } => BounceReasons.MailboxNotFound,
            554 => BounceReasons.SpamBlock,
            _ => BounceReasons.Policy,
        };
    }

    private static bool Contains(string text, string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

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
}
