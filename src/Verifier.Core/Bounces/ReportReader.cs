using System.Text;
using MimeKit;
using Verifier.Core.Classification;

namespace Verifier.Core.Bounces;

/// <summary>
/// Reads a whole report message with MimeKit: an ARF feedback report (RFC 5965, a complaint, not a bounce), the
/// per-recipient fields of an RFC 3464 delivery status, and otherwise the report's own text parts (Exim, qmail,
/// Exchange and provider notices are plain text). The returned original message (message/rfc822,
/// text/rfc822-headers) and the report's own header fields are never evidence: a <c>Received-SPF</c> or
/// <c>X-Spam-Status</c> line says nothing about why delivery failed.
/// </summary>
internal static class ReportReader
{
    /// <summary>Report structures are shallow; deeper nesting is the attached original message or junk.</summary>
    private const int MaxDepth = 8;

    /// <summary>Deeper MIME nesting is kept as an unparsed leaf, so a hostile message cannot make the parser recurse.</summary>
    private static readonly ParserOptions ParserOptions = new() { MaxMimeDepth = MaxDepth };

    /// <summary>The text parts read for a non-standard bounce, at most this many characters in all.</summary>
    private const int MaxBodyChars = 256 * 1024;

    /// <summary>The local parts and display names that report senders use.</summary>
    private static readonly string[] ReporterNames =
    [
        "mailer-daemon", "mailer daemon", "postmaster", "mail delivery", "delivery subsystem", "mail administrator",
        "system administrator", "internet mail delivery", "mdaemon", "ndr", "imss", "antivirus", "mail system",
        "delivery service", "lsmtp", "deliverystatus", "bounce", "-owner@", "owner-",
    ];

    /// <summary>Subject words of delivery reports.</summary>
    private static readonly string[] ReportSubjects =
    [
        "undeliver", "undelivered", "delivery", "failure", "failed", "returned mail", "delayed", "non-delivery",
        "nondelivery", "not delivered", "mail error", "rejected", "non remis", "could not be delivered",
        "unzustellbar", "no entregado", "moderator",
    ];

    /// <summary>Notices of challenge-response services that confirm the sender rather than refuse the message.</summary>
    private static readonly string[] ApprovalNotices = ["confirm that you're listed on my"];

    /// <summary>The message in <paramref name="text"/>, or null when the text is not a MIME message.</summary>
    public static MimeMessage? Load(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (!LooksLikeMessage(text.AsSpan(start)))
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text[start..]), writable: false);
            return MimeMessage.Load(ParserOptions, stream);
        }
        catch (FormatException)
        {
            // MimeKit's ParseException is a FormatException: not a message after all.
            return null;
        }
    }

    /// <summary>One classification per recipient the message reports on; never empty.</summary>
    public static IReadOnlyList<BounceClassification> Classify(MimeMessage message)
    {
        var parts = new ReportParts();
        Walk(message.Body, 0, parts);
        var body = parts.Body.ToString();
        if (body.Length == 0 && parts.Statuses.Count == 0 && parts.Feedback is null)
        {
            // A report whose MIME structure is broken (a boundary that never appears): its text is still the report.
            body = RawBody(message);
        }

        if (parts.Feedback is { } feedback)
        {
            return FeedbackReport.Classify(feedback);
        }

        if (IsHotmailComplaint(message))
        {
            return [Outcome(ReplyReason.Complaint, ReplyClass.None, null)];
        }

        if (ReplyWording.ContainsAny(ReplyText.Collapse(body), ApprovalNotices))
        {
            return [Outcome(ReplyReason.NotABounce, ReplyClass.None, null)];
        }

        var fromStatus = DeliveryStatusFields.Read(parts.Statuses, body);
        if (fromStatus.Failures.Count > 0)
        {
            return [.. fromStatus.Failures.Select(BounceRules.Classify)];
        }

        if (fromStatus.Delivered > 0)
        {
            return [new BounceClassification(250, "2.0.0", ReplyClass.Success, ReplyReason.Accepted, SenderAction.None, null, "Delivered")];
        }

        if (!LooksLikeReport(message, parts))
        {
            return [Outcome(ReplyReason.NotABounce, ReplyClass.None, null)];
        }

        var knownRecipient = message.Headers["X-Failed-Recipients"]?.Split(',')[0].Trim();
        var fromText = BounceTextParser.ReadReport(body, knownRecipient, OwnAddresses(message), isReport: true);
        if (fromText.Count > 0)
        {
            return [.. fromText.Select(BounceRules.Classify)];
        }

        return [BounceClassifier.Unrecognised()];
    }

    private static BounceClassification Outcome(ReplyReason reason, ReplyClass replyClass, string? recipient) =>
        new(null, null, replyClass, reason, ReplyReasons.ActionOf(reason, replyClass), recipient, null);

    /// <summary>A message starts with a header field (or an mbox "From " line) and has a blank line after its header.</summary>
    private static bool LooksLikeMessage(ReadOnlySpan<char> start)
    {
        var all = start;
        if (start.StartsWith("From ", StringComparison.Ordinal))
        {
            var newline = start.IndexOf('\n');
            start = newline < 0 ? [] : start[(newline + 1)..];
        }

        var colon = start.IndexOf(':');
        if (colon <= 0 || colon > 76)
        {
            return false;
        }

        foreach (var c in start[..colon])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }

        return all.Contains("\n\n", StringComparison.Ordinal) || all.Contains("\r\n\r\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether a message without a delivery status is a delivery report at all: sent by a mail system (a daemon or
    /// postmaster address, or a null sender), or titled as one. Auto-replies (RFC 3834) and ordinary mail are not.
    /// </summary>
    private static bool LooksLikeReport(MimeMessage message, ReportParts parts)
    {
        if (parts.Statuses.Count > 0 || parts.Dispositions > 0)
        {
            return true;
        }

        var from = message.Headers[HeaderId.From]?.Trim();
        if (from is null)
        {
            return false;
        }

        if (from.Length == 0 || from == "<>" || from.EndsWith("<>", StringComparison.Ordinal))
        {
            return true;
        }

        return ReplyWording.ContainsAny(from, ReporterNames)
            || ReplyWording.ContainsAny(message.Subject ?? "", ReportSubjects);
    }

    /// <summary>Hotmail's complaint reports (JMRP) carry the complained-of message with no feedback-report part.</summary>
    private static bool IsHotmailComplaint(MimeMessage message) =>
        (message.Subject ?? "").StartsWith("complaint about message from", StringComparison.OrdinalIgnoreCase)
        && (message.Headers[HeaderId.From] ?? "").Contains("hotmail.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>The report's own sender and addressee: never the bounced recipient.</summary>
    private static HashSet<string> OwnAddresses(MimeMessage message)
    {
        var own = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in message.From.Mailboxes.Concat(message.To.Mailboxes))
        {
            own.Add(mailbox.Address.ToLowerInvariant());
        }

        foreach (var field in new[] { "Delivered-To", "Return-Path" })
        {
            if (message.Headers[field] is { } value && ReportText.Address(value) is { } address)
            {
                own.Add(address.ToLowerInvariant());
            }
        }

        return own;
    }

    /// <summary>The message's text after its header, for a report whose MIME parts cannot be found.</summary>
    private static string RawBody(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.Body?.WriteTo(stream);
        var text = Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)Math.Min(stream.Length, MaxBodyChars));
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        return blank < 0 ? text : text[(blank + 2)..];
    }

    private static void Walk(MimeEntity? entity, int depth, ReportParts parts)
    {
        if (entity is null || depth > MaxDepth)
        {
            return;
        }

        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Walk(child, depth + 1, parts);
                }

                break;
            case MessageDeliveryStatus status:
                parts.Statuses.Add(status);
                break;
            case MimePart part when part.ContentType.IsMimeType("message", "feedback-report"):
                parts.Feedback ??= ReadContent(part);
                break;
            case MimePart part when part.ContentType.MediaType.Equals("message", StringComparison.OrdinalIgnoreCase)
                && part.ContentType.MediaSubtype.Contains("delivery-status", StringComparison.OrdinalIgnoreCase):
                // A delivery status under a non-standard type (message/xdelivery-status): its fields, read as text.
                parts.Body.Append(ReadContent(part)).Append("\n\n");
                break;
            case MessageDispositionNotification:
                parts.Dispositions++;
                break;
            case MessagePart { Message.Body: Multipart report } when report.ContentType.IsMimeType("multipart", "report"):
                // A report forwarded as an attachment is still a report; any other attached message is the original.
                Walk(report, depth + 1, parts);
                break;
            case TextPart { IsAttachment: false } part
                when part.ContentType.IsMimeType("text", "plain") || part.ContentType.IsMimeType("text", "html"):
                if (parts.Body.Length < MaxBodyChars && (parts.Body.Length == 0 || !part.IsHtml || !parts.HasPlainText))
                {
                    var content = part.IsHtml ? StripTags(part.Text ?? "") : part.Text ?? "";
                    parts.HasPlainText |= !part.IsHtml;
                    parts.Body.Append(content.AsSpan(0, Math.Min(content.Length, MaxBodyChars - parts.Body.Length))).Append("\n\n");
                }

                break;
            default:
                // message/rfc822 and text/rfc822-headers are the original message: never evidence.
                break;
        }
    }

    private static string ReadContent(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content?.DecodeTo(stream);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)Math.Min(stream.Length, MaxBodyChars));
    }

    private static string StripTags(string html)
    {
        var builder = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>')
            {
                inTag = false;
                builder.Append(' ');
            }
            else if (!inTag)
            {
                builder.Append(c);
            }
        }

        return System.Net.WebUtility.HtmlDecode(builder.ToString());
    }

    /// <summary>What the MIME walk collected.</summary>
    private sealed class ReportParts
    {
        public List<MessageDeliveryStatus> Statuses { get; } = [];

        public StringBuilder Body { get; } = new();

        public bool HasPlainText { get; set; }

        public string? Feedback { get; set; }

        public int Dispositions { get; set; }
    }
}
