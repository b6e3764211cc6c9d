using System.Collections.Frozen;
using System.Globalization;
using Verifier.Core.Classification;

namespace Verifier.Core.Knowledge;

/// <summary>
/// The basic reply codes of RFC 5321 §4.2 (with 521 and 556 of RFC 7504, and the AUTH and STARTTLS replies of
/// RFC 4954 and RFC 3207). 421, 450, 451, 550, 552 and 554 carry the seed article's explanation in full.
/// </summary>
internal static class BasicReplyCodes
{
    private const string Rfc5321 = "RFC 5321 §4.2.3";
    private const string Rfc7504 = "RFC 7504 §3";
    private const string Rfc4954 = "RFC 4954 §6";

    /// <summary>Each code's entry and how <see cref="ReplyInterpreter"/> reads the code when the reply names nothing else.</summary>
    private static readonly (SmtpCodeEntry Entry, ReplyReason? Reads)[] Rows =
    [
        Entry(211, "System status", "A reply to HELP or a status query: system status or a help reply.",
            ["The client asked for system status."], retry: false,
            "Informational; nothing to do.", null, Rfc5321),
        Entry(214, "Help message", "A help message for a human reader, in reply to HELP.",
            ["The client sent HELP."], retry: false,
            "Informational; nothing to do.", null, Rfc5321),
        Entry(220, "Service ready", "The server greets the client and is ready for the session (also the reply to STARTTLS).",
            ["The connection was accepted."], retry: false,
            "Proceed with EHLO.", null, Rfc5321),
        Entry(221, "Service closing transmission channel", "The server is closing the connection, normally after QUIT.",
            ["The client sent QUIT."], retry: false,
            "Nothing to do; the session ended normally.", null, Rfc5321),
        Entry(235, "Authentication succeeded", "The AUTH exchange succeeded.",
            ["Valid submission credentials."], retry: false,
            "Proceed with MAIL FROM.", null, Rfc4954),
        Entry(250, "Requested mail action okay, completed", "The command succeeded: after RCPT TO the recipient was accepted, after the data the message was accepted for delivery.",
            ["The server accepts the command.", "A catch-all server accepts every recipient, so acceptance at RCPT may not prove the mailbox exists."],
            retry: false, "Send. If the domain is a catch-all, watch for later bounces.", ReplyReason.Accepted, Rfc5321),
        Entry(251, "User not local; will forward", "The recipient is not local but the server will forward the message.",
            ["The recipient's address is an alias or forwarding address."], retry: false,
            "Send; consider updating the address to its forwarded destination.", ReplyReason.Accepted, Rfc5321),
        Entry(252, "Cannot verify user, but will accept message", "The server will not say whether the mailbox exists (VRFY disabled) but accepts the message and will attempt delivery.",
            ["VRFY is disabled to stop address harvesting."], retry: false,
            "Send; the address is not proven, so watch for a later bounce.", null, Rfc5321),
        Entry(334, "Server challenge", "An intermediate reply during AUTH: the server sends a base64 challenge.",
            ["The client started an AUTH exchange."], retry: false,
            "Answer the challenge with the next step of the authentication mechanism.", null, Rfc4954),
        Entry(354, "Start mail input", "The server accepts DATA and waits for the message, ended by <CRLF>.<CRLF>.",
            ["The client sent DATA after at least one accepted recipient."], retry: false,
            "Send the message content.", null, Rfc5321),
        Entry(421, "Service not available",
            "The server is not available right now and is closing the connection: it is busy, overloaded, down for maintenance, or throttling your sending. This is temporary.",
            [
                "The server is overloaded or down for maintenance.",
                "Too many connections or messages from your IP in a short time, so the provider throttles you.",
                "Temporary reputation-based rate limiting (for example Gmail's 421 4.7.28 or Yahoo's 421 4.7.0 [TS01]).",
            ],
            retry: true,
            "Temporary: retry later with exponential back-off and reduce your sending rate (fewer connections and messages per minute to this provider). Do not remove the address.",
            ReplyReason.SmtpUnavailable, Rfc5321),
        Entry(432, "A password transition is needed", "The user must change or re-establish the password before this authentication mechanism can be used.",
            ["The account's password must be transitioned to a new storage scheme."], retry: true,
            "Authenticate once with a plain-text mechanism over TLS, then retry.", null, Rfc4954),
        Entry(450, "Mailbox unavailable (greylisting)",
            "The requested mail action was not taken: the mailbox is temporarily unavailable. Most often this is greylisting: the server defers mail from a sender it has not seen before and accepts it when the sender comes back.",
            [
                "Greylisting: the first attempt from an unknown sender, IP and recipient combination is deferred on purpose.",
                "The mailbox is busy or locked for a moment.",
                "A temporary policy or rate check on the recipient's side.",
            ],
            retry: true,
            "Retry later: legitimate senders retry after greylisting (spam tools usually do not), so a retry after a few minutes is normally accepted. Keep the address and do not hammer the server.",
            ReplyReason.Greylisted, Rfc5321),
        Entry(451, "Local error in processing",
            "The requested action was aborted because of a local error in processing on the receiving server: a server-side problem such as a failed lookup or an unavailable back end, or greylisting.",
            [
                "A server-side problem at the recipient's provider (storage, directory or queue trouble).",
                "A DNS lookup the server needed failed for a moment.",
                "Greylisting reported as a 451.",
            ],
            retry: true,
            "Temporary: retry later. If it persists for days, contact the recipient's postmaster; do not remove the address for a 451.",
            ReplyReason.Greylisted, Rfc5321),
        Entry(452, "Insufficient system storage", "The requested action was not taken: the server's own storage is insufficient, or (with 4.5.3) too many recipients were given.",
            ["The receiving server's disk or queue is full.", "Too many RCPT TO commands in one transaction (452 4.5.3).", "Some servers use 452 4.2.2 for a full mailbox."],
            retry: true, "Retry later; if it says too many recipients, send the rest in another transaction.", ReplyReason.SmtpUnavailable, Rfc5321),
        Entry(454, "TLS not available or temporary authentication failure", "STARTTLS cannot be started now, or authentication failed because of a temporary server problem.",
            ["The server's TLS configuration or certificate is broken.", "The authentication back end is unavailable."],
            retry: true, "Retry later; if TLS is required by your policy, wait until the server offers it.", null, "RFC 3207 §4; RFC 4954 §6"),
        Entry(455, "Server unable to accommodate parameters", "The server cannot accept the MAIL FROM or RCPT TO parameters right now.",
            ["An ESMTP parameter the server cannot handle at the moment."], retry: true,
            "Retry later, or without the optional parameters.", ReplyReason.SmtpUnavailable, Rfc5321),
        Entry(500, "Syntax error, command unrecognized", "The server did not recognise the command, or the line was too long.",
            ["A client bug or a command the server does not support.", "A line longer than the server's limit."], retry: false,
            "Fix the client; resending the same command will fail again.", null, Rfc5321),
        Entry(501, "Syntax error in parameters or arguments", "The command was recognised but its arguments are invalid, for example a malformed address.",
            ["A malformed address in MAIL FROM or RCPT TO.", "Invalid parameters."], retry: false,
            "Correct the address or the arguments.", ReplyReason.InvalidSyntax, Rfc5321),
        Entry(502, "Command not implemented", "The server does not implement this command.",
            ["The server disabled the command (often VRFY or EXPN)."], retry: false,
            "Do not rely on the command with this server.", null, Rfc5321),
        Entry(503, "Bad sequence of commands", "The command came in the wrong order, for example RCPT before MAIL, or AUTH was required first.",
            ["A client bug.", "The server requires authentication or STARTTLS first."], retry: false,
            "Fix the order of commands in the client.", null, Rfc5321),
        Entry(504, "Command parameter not implemented", "The server does not implement a parameter of this command.",
            ["An unsupported AUTH mechanism or ESMTP parameter."], retry: false,
            "Use a supported parameter or mechanism.", null, Rfc5321),
        Entry(521, "Host does not accept mail", "The server does not accept mail at all (RFC 7504), typically a host that only exists for other services.",
            ["The domain or host is not meant to receive mail."], retry: false,
            "Remove the address: no mail can be delivered there.", ReplyReason.NullMx, Rfc7504),
        Entry(530, "Authentication required", "The server requires authentication (or STARTTLS) before it accepts this command.",
            ["Submitting without logging in.", "The server requires TLS first."], retry: false,
            "Configure authentication (and TLS) for the submission server.", null, Rfc4954),
        Entry(534, "Authentication mechanism is too weak", "The chosen AUTH mechanism is weaker than the server's policy allows.",
            ["A plain-text mechanism without TLS."], retry: false,
            "Use a stronger mechanism or enable TLS.", null, Rfc4954),
        Entry(535, "Authentication credentials invalid", "The AUTH credentials were rejected.",
            ["A wrong user name or password.", "An application password or OAuth token is required."], retry: false,
            "Fix the credentials; repeated failures may lock the account.", null, Rfc4954),
        Entry(538, "Encryption required for requested authentication mechanism", "The mechanism may only be used over an encrypted connection.",
            ["AUTH was attempted before STARTTLS."], retry: false,
            "Issue STARTTLS before AUTH.", null, Rfc4954),
        Entry(550,
            "Mailbox not found",
            "Requested action not taken: mailbox unavailable. Most often the address does not exist or was deleted; some servers also send 550 for policy refusals, which the enhanced code (5.1.1 versus 5.7.x) and the text tell apart.",
            [
                "The address never existed: a typo or an invented address.",
                "The account was deleted or closed, often on an old list.",
                "With a 5.7.x enhanced code: a policy or reputation refusal rather than a missing mailbox.",
            ],
            retry: false,
            "Remove the address from your list and never retry it: repeated sends to addresses that bounce hurt your sender reputation.",
            ReplyReason.MailboxNotFound, Rfc5321),
        Entry(551, "User not local", "The recipient is not local to this server; the server may suggest a forward path and will not relay.",
            ["The person moved to another address."], retry: false,
            "Update the address if a new one was given, otherwise remove it.", ReplyReason.MailboxNotFound, Rfc5321),
        Entry(552, "Mailbox full (exceeded storage allocation)",
            "Requested mail action aborted: exceeded storage allocation. The recipient's mailbox is full and cannot take more mail.",
            [
                "The recipient's mailbox is over its quota.",
                "An abandoned mailbox that nobody empties any more.",
                "The message is larger than the space left in the mailbox.",
            ],
            retry: true,
            "Retry later, sparingly (for example once a day for a few days); if the mailbox stays full, treat the address as inactive and remove it.",
            ReplyReason.MailboxFull, Rfc5321),
        Entry(553, "Mailbox name not allowed", "Requested action not taken: the mailbox name is not allowed, for example incorrect syntax.",
            ["A syntactically invalid address.", "A local part the server refuses."], retry: false,
            "Correct the address or remove it.", ReplyReason.InvalidSyntax, Rfc5321),
        Entry(554,
            "Transaction failed (spam rejection)",
            "Transaction failed: the server refused the message or the session, usually because the message or the sender was judged spam or the sending IP or domain is on a blocklist.",
            [
                "The sending IP or domain is on a blocklist (Spamhaus, Barracuda, Spamcop and the like).",
                "Missing or failing SPF, DKIM or DMARC authentication.",
                "Poor sender reputation, such as a new IP sending volume without warm-up or a high complaint rate.",
                "Spam-like content: misleading subjects, URL shorteners, image-only mail.",
            ],
            retry: false,
            "Check whether your IP and domain are on blocklists and request delisting, authenticate your mail with SPF, DKIM and DMARC, warm up new IPs and domains gradually, and avoid spam triggers in the content. Resending unchanged will fail again.",
            ReplyReason.SpamBlock, Rfc5321),
        Entry(555, "MAIL FROM/RCPT TO parameters not recognized or not implemented", "The server does not recognise an ESMTP parameter on MAIL FROM or RCPT TO.",
            ["An extension the server does not advertise was used."], retry: false,
            "Send without the unsupported parameter.", null, Rfc5321),
        Entry(556, "Domain does not accept mail", "The recipient's domain does not accept mail (RFC 7504), typically because it publishes a null MX (RFC 7505).",
            ["The domain publishes a null MX record (\"MX 0 .\")."], retry: false,
            "Remove the address: the domain receives no mail.", ReplyReason.NullMx, Rfc7504),
    ];

    public static IReadOnlyList<SmtpCodeEntry> Entries { get; } = [.. Rows.Select(r => r.Entry)];

    private static readonly FrozenDictionary<int, ReplyReason?> ReadsByCode =
        Rows.ToFrozenDictionary(r => int.Parse(r.Entry.Code, CultureInfo.InvariantCulture), r => r.Reads);

    /// <summary>How a reply that carries only this basic code is read; null when the code says nothing about a recipient.</summary>
    public static ReplyReason? ReadsOf(int code) => ReadsByCode.GetValueOrDefault(code);

    private static (SmtpCodeEntry, ReplyReason?) Entry(
        int code, string title, string meaning, string[] causes, bool retry, string advice, ReplyReason? reads, string reference)
    {
        var replyClass = ReplyClasses.Of(code);
        var entry = new SmtpCodeEntry(code.ToString(CultureInfo.InvariantCulture), SmtpCodeBook.Basic, ReplyClasses.Name(replyClass),
            title, meaning, causes, retry, advice, ReplyReasons.RelatedVerification(reads, replyClass, code), reference);
        return (entry, reads);
    }
}
