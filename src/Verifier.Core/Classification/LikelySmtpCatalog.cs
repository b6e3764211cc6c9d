using System.Globalization;
using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>
/// The SMTP reply a real send would most likely get for each <see cref="Reason"/> (DESIGN.md, reason table),
/// with its meaning and what to do. The codes 421, 450, 451, 550, 552 and 554 carry the explanation of the
/// seed article: what the code means, its usual causes and the sender's remedy.
/// </summary>
public static class LikelySmtpCatalog
{
    /// <summary>Action names, as serialised in <see cref="LikelySmtp.Action"/>.</summary>
    public static class Actions
    {
        public const string Send = "send";
        public const string SendWithCare = "send_with_care";
        public const string FixOrRemove = "fix_or_remove";
        public const string Remove = "remove";
        public const string RetryLater = "retry_later";
        public const string CheckReputation = "check_reputation";
        public const string DecideByPolicy = "decide_by_policy";
        public const string None = "none";
    }

    private const string ReputationNote =
        "repeated sends to addresses that bounce hurt your sender reputation.";

    /// <summary>The seed's explanation of a basic reply code, and the reasons it explains.</summary>
    private sealed record CodeExplanation(string Title, string Advice, Reason[] Reasons);

    private static readonly Dictionary<int, CodeExplanation> SeedCodes = new()
    {
        [421] = new(
            "Service not available",
            "421: the server is busy or overloaded, or is throttling your sending. This is temporary: retry later "
            + "with back-off and reduce your sending rate.",
            [Reason.SmtpUnavailable, Reason.Timeout]),
        [450] = new(
            "Mailbox unavailable (greylisting)",
            "450: the mailbox is temporarily unavailable, usually greylisting: the server wants you to retry later, "
            + "and legitimate senders retry. Retry later; do not remove the address.",
            [Reason.Greylisted]),
        [451] = new(
            "Local error in processing",
            "451: a local error in processing, either a server-side problem or greylisting. This is temporary: "
            + "retry later.",
            [Reason.Greylisted, Reason.DnsError, Reason.SmtpUnavailable]),
        [550] = new(
            "Mailbox not found",
            "550: the address does not exist or was deleted. Remove it from your list and never retry it: "
            + ReputationNote,
            [Reason.MailboxNotFound]),
        [552] = new(
            "Mailbox full",
            "552: the mailbox is full (it exceeded its storage allocation). Retry later, sparingly; if it persists, "
            + "treat the address as inactive and remove it.",
            [Reason.MailboxFull]),
        [554] = new(
            "Transaction failed (spam rejection)",
            "554: the message or the sender was judged spam, or the sender's IP or domain is on a blocklist. Check "
            + "the blocklists, authenticate your mail with SPF, DKIM and DMARC, warm up new IPs and domains, and "
            + "avoid spam triggers.",
            [Reason.Blocked]),
    };

    /// <summary>The predicted reply for a reason (<see cref="LikelySmtp.Observed"/> false).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="Reason"/>.</exception>
    public static LikelySmtp Predict(Reason reason) => reason switch
    {
        Reason.Accepted => Entry(250, "2.1.5", "Recipient accepted", Actions.Send, retry: false,
            "The recipient's server accepted this mailbox. Send."),
        Reason.InvalidSyntax => Entry(553, "5.1.3", "Bad mailbox address syntax", Actions.FixOrRemove, retry: false,
            "This is not a valid email address, so a send would be rejected. Correct the typo or remove the address."),
        Reason.NoSuchDomain => Entry(550, "5.4.4", "Domain does not exist", Actions.Remove, retry: false,
            "550: the domain does not exist (NXDOMAIN), so no mail can be routed to it. Remove the address: "
            + ReputationNote),
        Reason.NoMailServer => Entry(550, "5.4.4", "Domain has no mail server", Actions.Remove, retry: false,
            "550: the domain has neither MX nor A/AAAA records, or its MX records name hosts that do not exist, so no mail "
            + "can be routed to it. Remove the address: "
            + ReputationNote),
        Reason.NullMx => Entry(556, "5.1.10", "Domain does not accept mail", Actions.Remove, retry: false,
            "The domain publishes a null MX (RFC 7505): it accepts no mail at all. Remove the address."),
        Reason.UnroutableMx => Entry(550, "5.4.4", "Mail server unreachable", Actions.Remove, retry: false,
            "550: the domain's mail servers resolve only to private or reserved addresses, so no mail from the "
            + "internet can reach them. Remove the address: " + ReputationNote),
        Reason.MailboxNotFound => Seed(550, "5.1.1", Actions.Remove, retry: false),
        Reason.MailboxDisabled => Entry(550, "5.2.1", "Mailbox disabled", Actions.Remove, retry: false,
            "550: the mailbox exists but is disabled and does not accept mail. Remove it: " + ReputationNote),
        Reason.MailboxFull => Seed(552, "5.2.2", Actions.RetryLater, retry: true),
        Reason.CatchAll => Entry(250, "2.1.5", "Accepted by a catch-all server", Actions.SendWithCare, retry: false,
            "The server accepts mail for any address, so acceptance does not prove this mailbox exists and a later "
            + "bounce is possible. Send with care and watch your bounce rate."),
        Reason.Disposable => Entry(250, "2.1.5", "Disposable mailbox", Actions.DecideByPolicy, retry: false,
            "A disposable (throw-away) mailbox: mail may be accepted now, but the address is likely to be abandoned "
            + "soon. Accept or reject it according to your policy."),
        Reason.Greylisted => Seed(450, "4.2.0", Actions.RetryLater, retry: true),
        Reason.SmtpUnavailable => Seed(421, "4.3.2", Actions.RetryLater, retry: true),
        Reason.Blocked => Entry(554, "5.7.1", SeedCodes[554].Title, Actions.CheckReputation, retry: false,
            "The verification probe was refused by policy, so the mailbox was not checked. " + SeedCodes[554].Advice),
        Reason.Timeout => Entry(421, "4.4.2", "Service not available (timed out)", Actions.RetryLater, retry: true,
            "The recipient's server did not answer in time. " + SeedCodes[421].Advice),
        Reason.DnsError => Entry(451, "4.4.3", "DNS lookup failed", Actions.RetryLater, retry: true,
            "The domain's DNS did not answer (SERVFAIL or time-out), so nothing is known about it yet; a send now "
            + "would most likely be deferred. " + SeedCodes[451].Advice),
        Reason.SmtpNotChecked => Entry(250, "2.1.5", "Mailbox not checked", Actions.None, retry: false,
            "The domain accepts mail, but the mailbox itself was not checked (SMTP was not performed or the time "
            + "budget ran out). A send would most likely be accepted unless the mailbox does not exist; verify the "
            + "mailbox before relying on it."),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };

    /// <summary>
    /// The reply the recipient's server actually returned, annotated for the reason it was read as
    /// (<see cref="LikelySmtp.Observed"/> true): the server's code and class, its enhanced code (else the
    /// reason's enhanced code with the class digit of the observed code, e.g. 4.2.2 for a 452 full mailbox), and
    /// the reason's action and retry. The title and advice are the seed's explanation of the observed code when
    /// that code explains this reason (a 451 greylisting gets the 451 text), else the reason's.
    /// </summary>
    public static LikelySmtp FromObserved(Reason reason, SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);

        var predicted = Predict(reason);
        var (title, advice) = SeedCodes.TryGetValue(reply.Code, out var seed) && seed.Reasons.Contains(reason)
            ? (seed.Title, seed.Advice)
            : (predicted.Title, predicted.Advice);

        return predicted with
        {
            Code = reply.Code,
            EnhancedCode = EnhancedStatus.Find(reply)?.ToString() ?? WithClassOf(reply.Code, predicted.EnhancedCode),
            Class = ClassOf(reply.Code),
            Title = title,
            Advice = advice,
            Observed = true,
        };
    }

    /// <summary>The class of the reply's code, named as <see cref="ReplyClasses"/> names it.</summary>
    private static string ClassOf(int code) => ReplyClasses.Name(ReplyClasses.Of(code));

    private static string WithClassOf(int code, string enhancedCode)
    {
        var digit = code / 100;
        return digit is 2 or 4 or 5
            ? string.Create(CultureInfo.InvariantCulture, $"{digit}{enhancedCode.AsSpan(1)}")
            : enhancedCode;
    }

    private static LikelySmtp Seed(int code, string enhancedCode, string action, bool retry)
    {
        var seed = SeedCodes[code];
        return Entry(code, enhancedCode, seed.Title, action, retry, seed.Advice);
    }

    private static LikelySmtp Entry(int code, string enhancedCode, string title, string action, bool retry, string advice) =>
        new(code, enhancedCode, ClassOf(code), title, Observed: false, action, retry, advice);
}
