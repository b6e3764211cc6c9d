using System.Text;
using MimeKit;

namespace Verifier.Core.Bounces;

/// <summary>
/// Reads a whole bounce message with MimeKit: the per-recipient fields of an RFC 3464 delivery status
/// (<c>multipart/report; report-type=delivery-status</c>), and otherwise the message's own text parts, which the
/// text parser reads (Exim, qmail and older Exchange bounces are plain text).
/// </summary>
internal static class DsnReader
{
    /// <summary>Bounce structures are shallow; deeper nesting is the attached original message or junk.</summary>
    private const int MaxDepth = 8;

    /// <summary>Deeper MIME nesting is kept as an unparsed leaf, so a hostile message cannot make the parser recurse.</summary>
    private static readonly ParserOptions ParserOptions = new() { MaxMimeDepth = MaxDepth };

    /// <summary>The text parts read for a non-standard bounce, at most this many characters in all.</summary>
    private const int MaxBodyChars = 256 * 1024;

    /// <summary>
    /// The bounce evidence of a message: one per failed or delayed recipient of its delivery status, else one from
    /// its text, else none (also when the text is not a MIME message).
    /// </summary>
    public static IReadOnlyList<BounceEvidence> Read(string input)
    {
        var message = Load(input);
        if (message is null)
        {
            return [];
        }

        var statuses = new List<MessageDeliveryStatus>();
        var body = new StringBuilder();
        Walk(message.Body, 0, statuses, body);

        var evidence = new List<BounceEvidence>();
        var delivered = 0;
        foreach (var status in statuses)
        {
            foreach (var group in status.StatusGroups.Skip(1))
            {
                var action = (group["Action"] ?? "").Trim().ToUpperInvariant();
                if (action is "DELIVERED" or "RELAYED" or "EXPANDED")
                {
                    delivered++;
                    continue;
                }

                evidence.Add(FromGroup(group, action));
            }
        }

        if (evidence.Count == 1 && evidence[0].Text.Length == 0 && body.Length > 0
            && BounceTextParser.ReadBody(body.ToString(), evidence[0].Recipient, evidence[0].Deferred) is { } explained)
        {
            // Sendmail writes no Diagnostic-Code for some failures; its transcript in the text part explains it.
            return [evidence[0] with { Code = explained.Code, Text = explained.Text }];
        }

        if (evidence.Count > 0)
        {
            return evidence;
        }

        var recipient = message.Headers["X-Failed-Recipients"]?.Split(',')[0].Trim();
        if (body.Length > 0)
        {
            var text = body.ToString();
            if (BounceTextParser.ReadBody(text, recipient ?? BounceTextParser.Recipient(text), null) is { } fromBody)
            {
                return [fromBody];
            }
        }

        return delivered > 0 ? [new BounceEvidence(250, "2.0.0", "Delivered", null, null)] : [];
    }

    private static MimeMessage? Load(string text)
    {
        if (!LooksLikeMessage(text))
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
            return MimeMessage.Load(ParserOptions, stream);
        }
        catch (FormatException)
        {
            // MimeKit's ParseException is a FormatException: not a message after all.
            return null;
        }
    }

    /// <summary>A message starts with a header field (or an mbox "From " line) and has a blank line after its header.</summary>
    private static bool LooksLikeMessage(string text)
    {
        var start = text.AsSpan().TrimStart();
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
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }

        return text.Contains("\n\n", StringComparison.Ordinal) || text.Contains("\r\n\r\n", StringComparison.Ordinal);
    }

    private static void Walk(MimeEntity? entity, int depth, List<MessageDeliveryStatus> statuses, StringBuilder body)
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
                    Walk(child, depth + 1, statuses, body);
                }

                break;
            case MessageDeliveryStatus status:
                statuses.Add(status);
                break;
            case TextPart { IsAttachment: false } part
                when part.ContentType.IsMimeType("text", "plain") || part.ContentType.IsMimeType("text", "html"):
                if (body.Length < MaxBodyChars)
                {
                    var content = part.IsHtml ? StripTags(part.Text ?? "") : part.Text ?? "";
                    body.Append(content.AsSpan(0, Math.Min(content.Length, MaxBodyChars - body.Length))).Append("\n\n");
                }

                break;
            default:
                // message/rfc822 and text/rfc822-headers are the original message: its text says nothing about the bounce.
                break;
        }
    }

    private static BounceEvidence FromGroup(HeaderList group, string action)
    {
        var recipient = Address(group["Final-Recipient"]) ?? Address(group["Original-Recipient"]);
        var status = group["Status"]?.Trim();
        var deferred = action switch
        {
            "DELAYED" => true,
            "FAILED" => false,
            _ => (bool?)null,
        };

        var diagnostic = group["Diagnostic-Code"];
        BounceEvidence? fromDiagnostic = null;
        if (diagnostic is not null)
        {
            var semicolon = diagnostic.IndexOf(';', StringComparison.Ordinal);
            var type = semicolon < 0 ? "" : diagnostic[..semicolon].Trim();
            var value = ReplyText.Collapse(semicolon < 0 ? diagnostic : diagnostic[(semicolon + 1)..]);
            fromDiagnostic = type.Equals("smtp", StringComparison.OrdinalIgnoreCase)
                && ReplyText.TryParse(value, out var code, out var enhanced, out var text)
                ? new BounceEvidence(code, enhanced, text, recipient, deferred)
                : new BounceEvidence(null, null, value, recipient, deferred);
        }

        var statusCode = status is not null && ReplyText.IsEnhanced(status) ? status : null;
        var evidence = fromDiagnostic ?? new BounceEvidence(null, null, "", recipient, deferred);
        return evidence with { EnhancedCode = PreferredEnhanced(statusCode, evidence.EnhancedCode) };
    }

    /// <summary>
    /// The DSN Status field is authoritative (RFC 3464 §2.3.4), except that MTAs write a generic X.0.0 when the
    /// remote reply had a specific code of its own.
    /// </summary>
    private static string? PreferredEnhanced(string? status, string? fromReply)
    {
        if (status is null)
        {
            return fromReply;
        }

        return fromReply is not null && status.EndsWith(".0.0", StringComparison.Ordinal) ? fromReply : status;
    }

    /// <summary>"rfc822; bob@example.com" → "bob@example.com".</summary>
    private static string? Address(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim().Trim('<', '>');
        return address.Length == 0 ? null : address;
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
}
