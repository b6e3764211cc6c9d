using System.Text.RegularExpressions;

namespace Verifier.Core.Bounces;

/// <summary>
/// Finds the remote server's reply, the enhanced code and the recipient in bounce text that is not (or not only) a
/// structured DSN: a reply line, an MTA log line (Postfix, Exim, Sendmail), a plain-text bounce body (Exim, qmail,
/// Sendmail transcripts, Exchange NDRs, Gmail), or an Amazon SES bounce notification (JSON).
/// </summary>
/// <remarks>
/// The reply is looked for in this order, first found wins: after a marker that introduces it
/// (<c>Diagnostic-Code: smtp;</c>, <c>said:</c>, <c>Remote host said:</c>, <c>Remote Server returned '…'</c>,
/// <c>SMTP error from remote mail server after …:</c>, <c>&lt;&lt;&lt;</c>, Gmail's "The response was:",
/// SES's <c>"diagnosticCode"</c>); then the first line that starts with a 4xx/5xx code and an enhanced code; then a
/// 4xx/5xx code followed by an enhanced code anywhere; then a line that starts with a 4xx/5xx code. An enhanced code
/// without a reply comes from <c>dsn=</c>, <c>Status:</c>, SES's <c>"status"</c> or qmail's <c>(#5.1.1)</c>.
/// </remarks>
internal static partial class BounceTextParser
{
    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant;

    /// <summary>The longest reply read: a multi-line reply of a few lines, with room for long diagnostics.</summary>
    private const int MaxReplyChars = 8 * 1024;

    /// <summary>MTA log lines are short; longer lines are not read as log lines.</summary>
    private const int MaxLogLineChars = 8 * 1024;

    /// <summary>Markers tried before giving up: a bounce names its reply near the top.</summary>
    private const int MaxMarkers = 64;

    /// <summary>Bounds each regular expression; the input is already capped.</summary>
    private const int RegexTimeoutMs = 2000;

    /// <summary>Postfix: <c>… to=&lt;bob@x&gt;, … dsn=5.1.1, status=bounced (host x[1.2.3.4] said: 550 … (in reply to RCPT TO command))</c>.</summary>
    [GeneratedRegex(@"\bstatus=(?<status>sent|bounced|deferred|expired|undeliverable)\s*\((?<detail>[^\n]*)\)[ \t]*$", Options, RegexTimeoutMs)]
    private static partial Regex PostfixStatus();

    /// <summary>Sendmail: <c>… to=&lt;bob@x&gt;, … dsn=5.1.1, stat=User unknown</c>.</summary>
    [GeneratedRegex(@"\bstat=(?<stat>[^\n]*)$", Options, RegexTimeoutMs)]
    private static partial Regex SendmailStat();

    /// <summary>Exim main log: <c>2024-05-01 10:00:00 1abcD-000 ** bob@x R=dnslookup T=remote_smtp: …</c> (== for deferrals).</summary>
    [GeneratedRegex(@"(?:^|\s)(?<mark>\*\*|==)\s+<?(?<rcpt>[^\s<>@:]+@[^\s<>:,]+)>?:?(?:\s+<[^>\s]*>)?\s(?:[^:\n]*?:\s)?(?<detail>[^\n]*)$", Options, RegexTimeoutMs)]
    private static partial Regex EximLog();

    [GeneratedRegex(@"\(in reply to [^)\n]*\)\s*$", Options, RegexTimeoutMs)]
    private static partial Regex InReplyTo();

    [GeneratedRegex(@"\bdsn=(?<dsn>[245]\.\d{1,3}\.\d{1,3})\b", Options, RegexTimeoutMs)]
    private static partial Regex DsnField();

    /// <summary>Markers after which the remote server's reply follows.</summary>
    [GeneratedRegex(
        @"Diagnostic-Code:[ \t]*smtp;[ \t]*"
        + @"|\bRemote host said:\s*"
        + @"|\bsaid:\s*"
        + @"|SMTP error from remote (?:mail server|mailer|server)(?: after (?:pipelined )?(?:RCPT TO:<[^>\n]*>|MAIL FROM:<[^>\n]*>(?: SIZE=\d+)?|[a-z ]+))?:\s*(?:host\s+\S+\s+\[[^\]\n]*\](?::\d+)?:\s*)?"
        + @"|^[ \t]*<<<[ \t]*"
        + @"|The (?:error that the other server returned was|response from the remote server was|response was)\s*:?\s*"
        + @"|\b(?:Server|Remote server|Remote MTA) (?:replied|response)\s*:\s*"
        + @"|\breply=\s*"
        + @"|\(reason:\s*"
        + @"|^[ \t]*Error:\s*"
        + @"|\b(?:Reason|Error-Text|Remote host said|Remote server replied|recv):\s*"
        + @"|SMTP diagnostic:\s*",
        Options, RegexTimeoutMs)]
    private static partial Regex ReplyMarker();

    /// <summary>Exchange and Outlook: <c>Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'</c>.</summary>
    [GeneratedRegex(@"Remote Server returned '(?<reply>[^'\n]*)'", Options, RegexTimeoutMs)]
    private static partial Regex ExchangeReturned();

    /// <summary>Amazon SES: <c>"diagnosticCode":"smtp; 550 5.1.1 user unknown"</c>.</summary>
    [GeneratedRegex(@"""diagnosticCode""\s*:\s*""(?:smtp;\s*)?(?<reply>(?:[^""\\\n]|\\.)*)""", Options, RegexTimeoutMs)]
    private static partial Regex SesDiagnostic();

    /// <summary>A DSN Diagnostic-Code of another type (<c>X-Postfix; Host or domain name not found</c>).</summary>
    [GeneratedRegex(@"Diagnostic-Code:[ \t]*(?<type>[a-z0-9-]+)[ \t]*;[ \t]*(?<text>[^\n]*)$", Options, RegexTimeoutMs)]
    private static partial Regex OtherDiagnostic();

    [GeneratedRegex(@"^[ \t]*#?[45]\d\d[ -]#?[245]\.\d{1,3}\.\d{1,3}\b", Options, RegexTimeoutMs)]
    private static partial Regex LineWithEnhanced();

    [GeneratedRegex(@"(?<![\w.])#?[45]\d\d[ -]#?[245]\.\d{1,3}\.\d{1,3}\b", Options, RegexTimeoutMs)]
    private static partial Regex InlineWithEnhanced();

    [GeneratedRegex(@"^[ \t]*#?[45]\d\d(?:[ -]|: )[ \t]*[a-z<\[]", Options, RegexTimeoutMs)]
    private static partial Regex LineWithCode();

    [GeneratedRegex(
        @"(?:\bdsn=|^[ \t]*Status:[ \t]*|""status""\s*:\s*""|\(#)(?<code>[245]\.\d{1,3}\.\d{1,3})\b",
        Options, RegexTimeoutMs)]
    private static partial Regex StandaloneEnhanced();

    /// <summary>Where bounces name the recipient, most specific first.</summary>
    [GeneratedRegex(
        @"(?:Final-Recipient:[ \t]*[a-z0-9-]+;[ \t]*<?|Original-Recipient:[ \t]*[a-z0-9-]+;[ \t]*<?|""emailAddress""\s*:\s*""|\bto=<|X-Failed-Recipients:[ \t]*|RCPT TO:\s*<|^[ \t]*<(?=[^>\n]+>:)|(?:Your message (?:wasn't delivered|to)|couldn't be delivered to|wasn't delivered to|Delivery (?:to the following recipient|has) failed[^:\n]*:\s*|cannot be reached:\s*)\s*)"
        + @"(?<rcpt>[^\s<>""',;()\[\]]+@[^\s<>""',;()\[\]]+?)(?=[\s>""',;()\[\]]|\.?$|\.\s)",
        Options, RegexTimeoutMs)]
    private static partial Regex RecipientField();

    [GeneratedRegex(@"(?:""bounceType""\s*:\s*""(?<ses>Transient|Permanent|Undetermined)""|^[ \t]*Action:[ \t]*(?<action>failed|delayed)\b)", Options, RegexTimeoutMs)]
    private static partial Regex DeferredHint();

    /// <summary>Reads one bounce from text; when nothing in it is structured, the text itself is the MTA's explanation.</summary>
    public static BounceEvidence Read(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);

        return ReadPostfixLog(text)
            ?? ReadSendmailLog(text)
            ?? ReadEximLog(text)
            ?? ReadBody(text, Recipient(text), DeferredFrom(text))
            ?? new BounceEvidence(null, null, ReplyText.Collapse(Excerpt(text)), null, null);
    }

    /// <summary>
    /// Reads text that is not a MIME message: a log line, one reply, an SES notification or a report's text; one
    /// piece of evidence per recipient the text reports on, none when it says nothing recognisable.
    /// </summary>
    public static IReadOnlyList<BounceEvidence> ReadAll(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if ((ReadPostfixLog(text) ?? ReadSendmailLog(text) ?? ReadEximLog(text)) is { } logged)
        {
            return [logged];
        }

        if (SesDiagnostic().IsMatch(text))
        {
            return ReadBody(text, Recipient(text), DeferredFrom(text)) is { } ses ? [ses] : [];
        }

        var found = ReadReport(text, null, new HashSet<string>());
        return found.Count > 0 ? found : [new BounceEvidence(null, null, ReplyText.Collapse(Excerpt(text)), null, null)];
    }

    /// <summary>
    /// Reads the text of a report: the returned original message is cut off, then each recipient block
    /// (<c>&lt;bob@x&gt;: host … said: 550 …</c>, qmail's <c>&lt;bob@x&gt;:</c> paragraph, Exim's indented address) is
    /// read on its own; a text without blocks is read whole.
    /// </summary>
    public static IReadOnlyList<BounceEvidence> ReadReport(
        string text, string? knownRecipient, IReadOnlySet<string> ownAddresses, bool isReport = false)
    {
        text = ReportText.WithoutOriginal(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        // A report that does not say it is a delay warning is final.
        var deferred = DeferredFrom(text) ?? (isReport ? false : null);
        var explanation = ReplyText.Collapse(Excerpt(text));
        var blocks = ReportText.RecipientBlocks(text, ownAddresses);
        if (blocks.Count > 0)
        {
            var evidence = new List<BounceEvidence>();
            foreach (var (recipient, block) in blocks)
            {
                var found = ReadBody(block, recipient, deferred) is { } fromBlock && (fromBlock.Code is not null || fromBlock.Text.Length > 0)
                    ? fromBlock
                    : new BounceEvidence(null, null, ReplyText.Collapse(block), recipient, deferred);
                if (found.Code is null && blocks.Count == 1 && ReadBody(text, recipient, deferred) is { Code: not null } fromText)
                {
                    // The only recipient's reply is quoted elsewhere in the report (a Diagnostic-Code, a transcript).
                    found = fromText;
                }

                if (found.Code is null && !Classification.ReplyInterpreter.Read(0, found.EnhancedCode, found.Text).Decisive)
                {
                    // The paragraph names the address only; the report's text around it says why.
                    found = found with { Text = explanation };
                }

                evidence.Add(found);
            }

            return evidence;
        }

        var wholeRecipient = knownRecipient ?? StructuredRecipient(text, ownAddresses) ?? ReportText.FirstRecipient(text, ownAddresses);
        var whole = ReadBody(text, wholeRecipient, deferred);
        if (whole is not null && (whole.Code is not null || whole.EnhancedCode is not null || whole.Recipient is not null))
        {
            return [whole];
        }

        // A report that names no recipient, no code and no cause, and does not even say whether it gave up, says nothing.
        var saysSomething = DeferredFrom(text) is not null || Classification.ReplyInterpreter.Read(0, null, explanation).Decisive;
        return isReport && explanation.Length > 0 && saysSomething
            ? [whole ?? new BounceEvidence(null, null, explanation, wholeRecipient, deferred)]
            : [];
    }

    /// <summary>The whole multi-line reply with this code in a Sendmail transcript ("&lt;&lt;&lt; 550-5.7.1 …"), when there is one.</summary>
    public static BounceEvidence? TranscriptReply(string text, int code)
    {
        var marker = "<<< " + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : FromReplyAt(text.Replace("\r\n", "\n", StringComparison.Ordinal), at + 4);
    }

    /// <summary>Reads a DSN Diagnostic-Code value: an SMTP reply, or an MTA's explanation that may quote one.</summary>
    public static BounceEvidence ReadDiagnostic(string value, string type)
    {
        if (ReplyText.TryParse(value, out var code, out var enhanced, out var text))
        {
            return new BounceEvidence(code, enhanced, TrimUnbalanced(InReplyTo().Replace(text, "")), null, null);
        }

        if (!type.Equals("smtp", StringComparison.OrdinalIgnoreCase) && FindReply(value) is { } quoted)
        {
            return quoted;
        }

        return new BounceEvidence(null, null, value, null, null);
    }

    /// <summary>Reads the reply and codes from the explanation of one DSN recipient or from a plain-text body.</summary>
    public static BounceEvidence? ReadBody(string text, string? recipient, bool? deferred)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var standalone = StandaloneEnhanced().Match(text);
        var enhanced = standalone.Success ? standalone.Groups["code"].Value : null;

        if (FindReply(text) is { } reply)
        {
            return reply with { EnhancedCode = reply.EnhancedCode ?? enhanced, Recipient = recipient, Deferred = deferred };
        }

        var other = OtherDiagnostic().Match(text);
        if (other.Success)
        {
            return new BounceEvidence(null, enhanced, ReplyText.Collapse(other.Groups["text"].Value), recipient, deferred);
        }

        if (enhanced is null && recipient is null && deferred is null)
        {
            return null;
        }

        var ses = SesDiagnostic().Match(text);
        var explanation = ses.Success ? ses.Groups["reply"].Value : RecipientParagraph(text, recipient) ?? Excerpt(text);
        return new BounceEvidence(null, enhanced, ReplyText.Collapse(explanation), recipient, deferred);
    }

    /// <summary>
    /// The explanation qmail, Exim and Sendmail write under the failed address (<c>&lt;bob@x&gt;:\nSorry, no
    /// mailbox here by that name. (#5.1.1)</c>): the first line that starts with the address, and the lines after it up
    /// to a blank line (at most five).
    /// </summary>
    private static string? RecipientParagraph(string text, string? recipient)
    {
        const int MaxLines = 6;
        if (recipient is null)
        {
            return null;
        }

        foreach (var line in LineStarts(text))
        {
            var rest = text.AsSpan(line).TrimStart(" \t<");
            if (!rest.StartsWith(recipient, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var lines = text[line..].Split('\n', MaxLines + 1);
            var paragraph = lines.Take(MaxLines).TakeWhile(l => !string.IsNullOrWhiteSpace(l));
            return string.Join(' ', paragraph);
        }

        return null;
    }

    private static IEnumerable<int> LineStarts(string text)
    {
        yield return 0;
        for (var at = text.IndexOf('\n', StringComparison.Ordinal); at >= 0; at = text.IndexOf('\n', at + 1))
        {
            yield return at + 1;
        }
    }

    private static BounceEvidence? ReadPostfixLog(string text)
    {
        if (MatchLine(text, "status=", PostfixStatus()) is not (var status, var line))
        {
            return null;
        }

        var detail = InReplyTo().Replace(status.Groups["detail"].Value, "");
        var dsn = DsnField().Match(line);
        var deferred = status.Groups["status"].Value.ToUpperInvariant() switch
        {
            "DEFERRED" => true,
            "SENT" => (bool?)null,
            _ => false,
        };
        var recipient = Recipient(line);

        var evidence = FindReply(detail) is { } reply
            ? reply with { Recipient = recipient, Deferred = deferred }
            : new BounceEvidence(null, null, ReplyText.Collapse(detail), recipient, deferred);
        return evidence.EnhancedCode is null && dsn.Success
            ? evidence with { EnhancedCode = dsn.Groups["dsn"].Value, StatusReported = true }
            : evidence;
    }

    private static BounceEvidence? ReadSendmailLog(string text)
    {
        if (MatchLine(text, "stat=", SendmailStat()) is not (var stat, var line))
        {
            return null;
        }

        var statText = stat.Groups["stat"].Value;
        var dsn = DsnField().Match(line);
        var deferred = statText.StartsWith("Deferred", StringComparison.OrdinalIgnoreCase) ? true : (bool?)null;
        if (deferred is null && dsn.Success)
        {
            deferred = dsn.Groups["dsn"].Value[0] == '4';
        }

        var evidence = FindReply(line) is { } reply
            ? reply
            : new BounceEvidence(null, null, ReplyText.Collapse(statText.TrimStart("Deferred:".ToCharArray())), null, null);
        return evidence with
        {
            EnhancedCode = evidence.EnhancedCode ?? (dsn.Success ? dsn.Groups["dsn"].Value : null),
            StatusReported = evidence.EnhancedCode is null && dsn.Success,
            Recipient = Recipient(line),
            Deferred = deferred,
        };
    }

    private static BounceEvidence? ReadEximLog(string text)
    {
        if ((MatchLine(text, "** ", EximLog()) ?? MatchLine(text, "== ", EximLog())) is not (var log, _))
        {
            return null;
        }

        var detail = log.Groups["detail"].Value;
        var recipient = log.Groups["rcpt"].Value;
        var deferred = log.Groups["mark"].Value == "==";
        return FindReply(detail) is { } reply
            ? reply with { Recipient = recipient, Deferred = deferred }
            : new BounceEvidence(null, null, ReplyText.Collapse(detail), recipient, deferred);
    }

    /// <summary>The remote server's reply in the text, searched in the order described on the class.</summary>
    private static BounceEvidence? FindReply(string text)
    {
        var ses = SesDiagnostic().Match(text);
        if (ses.Success && FromReplyAt(ses.Groups["reply"].Value.Replace("\\n", "\n", StringComparison.Ordinal), 0) is { } fromSes)
        {
            return fromSes;
        }

        var exchange = ExchangeReturned().Match(text);
        if (exchange.Success && FromReplyAt(exchange.Groups["reply"].Value, 0) is { } fromExchange)
        {
            return fromExchange;
        }

        var tried = 0;
        for (var marker = ReplyMarker().Match(text); marker.Success && tried++ < MaxMarkers; marker = marker.NextMatch())
        {
            // A transcript can show accepted commands before the failing one ("<<< 250 2.1.0 Ok"); only failures count.
            if (FromReplyAt(text, marker.Index + marker.Length, unfold: marker.Value.StartsWith("Diagnostic", StringComparison.OrdinalIgnoreCase))
                is { Code: >= 400 } fromMarker)
            {
                return fromMarker;
            }
        }

        foreach (var pattern in new[] { LineWithEnhanced(), InlineWithEnhanced(), LineWithCode() })
        {
            var match = pattern.Match(text);
            if (match.Success && FromReplyAt(text, match.Index) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Parses a reply that starts at <paramref name="start"/>; a DSN field's folded lines are unfolded first.</summary>
    private static BounceEvidence? FromReplyAt(string text, int start, bool unfold = false)
    {
        var rest = text.Substring(start, Math.Min(text.Length - start, MaxReplyChars));
        if (unfold)
        {
            rest = Unfold(rest);
        }

        rest = rest.TrimStart(' ', '\t', '\n', '#', '"', '\'');
        if (!ReplyText.TryParse(Window(rest), out var code, out var enhanced, out var replyText))
        {
            return null;
        }

        replyText = TrimUnbalanced(InReplyTo().Replace(replyText, "").Replace("#SMTP#", "", StringComparison.Ordinal));
        return new BounceEvidence(code, enhanced, replyText, null, null);
    }

    /// <summary>
    /// Removes quotes, '#' and closing brackets that end the text without opening in it: what is left of the
    /// wrapper around the reply (Postfix's "(… said: 550 …)", Exchange's "&lt;mx #5.0.0 smtp; 550 …&gt; #SMTP#").
    /// </summary>
    private static string TrimUnbalanced(string text)
    {
        while (text.Length > 0)
        {
            var last = text[^1];
            var unbalanced = last switch
            {
                ')' => text.Count(c => c == ')') > text.Count(c => c == '('),
                '>' => text.Count(c => c == '>') > text.Count(c => c == '<'),
                ' ' or '\'' or '"' or '#' => true,
                _ => false,
            };
            if (!unbalanced)
            {
                break;
            }

            text = text[..^1];
        }

        return text;
    }

    /// <summary>A DSN field with its folded continuation lines joined, up to the next field or blank line.</summary>
    private static string Unfold(string rest)
    {
        var lines = rest.Split('\n');
        var joined = new List<string> { lines[0] };
        for (var i = 1; i < lines.Length && lines[i].Length > 0 && lines[i][0] is ' ' or '\t'; i++)
        {
            joined.Add(lines[i].Trim());
        }

        return string.Join(' ', joined);
    }

    /// <summary>The part of the text a reply can span: up to a blank line, at most 8 KiB.</summary>
    private static string Window(string rest)
    {
        var blank = rest.IndexOf("\n\n", StringComparison.Ordinal);
        var end = Math.Min(blank < 0 ? rest.Length : blank, MaxReplyChars);
        return rest[..end];
    }

    private static string Excerpt(string text)
    {
        const int MaxExcerptChars = 1024;
        return text.Length <= MaxExcerptChars ? text : text[..MaxExcerptChars];
    }

    /// <summary>
    /// The first log line (at most <see cref="MaxLogLineChars"/> long) that contains <paramref name="needle"/> and
    /// matches <paramref name="pattern"/>. Matching line by line keeps the work linear in the input.
    /// </summary>
    private static (Match Match, string Line)? MatchLine(string text, string needle, Regex pattern)
    {
        for (var start = 0; start < text.Length;)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            if (end - start <= MaxLogLineChars && text.AsSpan(start, end - start).Contains(needle, StringComparison.Ordinal))
            {
                var line = text[start..end];
                var match = pattern.Match(line);
                if (match.Success)
                {
                    return (match, line);
                }
            }

            start = end + 1;
        }

        return null;
    }

    /// <summary>The recipient named by a DSN-like field in the text (Final-Recipient, X-Failed-Recipients, SES), unless it is the report's own address.</summary>
    private static string? StructuredRecipient(string text, IReadOnlySet<string> ownAddresses) =>
        StructuredRecipientField().Match(text) is { Success: true } match && !ownAddresses.Contains(match.Groups["rcpt"].Value.ToLowerInvariant())
            ? match.Groups["rcpt"].Value
            : null;

    [GeneratedRegex(
        @"(?:Original-Recipient:[ \t]*[a-z0-9-]+;[ \t]*(?:rfc822;[ \t]*)?<?|Final-Recipient:[ \t]*[a-z0-9-]+;[ \t]*<?|X-Failed-Recipients:[ \t]*|""emailAddress""\s*:\s*"")(?<rcpt>[^\s<>""',;()\[\]]+@[^\s<>""',;()\[\]]+)",
        Options, RegexTimeoutMs)]
    private static partial Regex StructuredRecipientField();

    /// <summary>The first recipient the text names, angle brackets and a "rfc822;" prefix removed.</summary>
    public static string? Recipient(string text)
    {
        var match = RecipientField().Match(text);
        return match.Success ? match.Groups["rcpt"].Value.TrimEnd('.') : null;
    }

    /// <summary>Wording of a delay warning: the reporting MTA is still retrying.</summary>
    private static readonly string[] DelayWording =
    [
        "warning only", "warning message only", "not yet been delivered", "will be retried", "will retry",
        "delivery incomplete", "still being retried", "has been delayed", "is delayed", "been postponed",
        "no action is required", "will continue to", "continue trying", "delivery attempts will continue",
        "held until",
    ];

    /// <summary>Wording of a final report: the reporting MTA gave up.</summary>
    private static readonly string[] GaveUpWording =
    [
        "permanent error", "failed permanently", "given up", "permanent fatal error", "could not be delivered",
        "couldn't be delivered", "not be delivered", "was not delivered", "undeliverable", "delivery has failed",
        "delivery failed", "did not reach", "unable to deliver", "wasn't delivered", "failed to deliver",
        "permanent failure", "non-delivery", "not going to try again", "wasn't able to deliver",
    ];

    /// <summary>Whether the text says the failure is still retried (DSN Action: delayed, SES Transient, a warning) or final.</summary>
    private static bool? DeferredFrom(string text)
    {
        var match = DeferredHint().Match(text);
        if (match.Success)
        {
            var value = match.Groups["ses"].Success ? match.Groups["ses"].Value : match.Groups["action"].Value;
            return value.ToUpperInvariant() switch
            {
                "TRANSIENT" or "DELAYED" => true,
                "PERMANENT" or "FAILED" => false,
                _ => null,
            };
        }

        var head = ReplyText.Collapse(text.Length > 4096 ? text[..4096] : text);
        if (Classification.ReplyWording.ContainsAny(head, DelayWording))
        {
            return true;
        }

        return Classification.ReplyWording.ContainsAny(head, GaveUpWording) ? false : null;
    }
}
