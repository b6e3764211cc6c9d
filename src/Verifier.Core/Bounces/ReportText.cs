using System.Text.RegularExpressions;

namespace Verifier.Core.Bounces;

/// <summary>
/// The layout of a report's text: where the returned original message starts (cut off: its headers and body are
/// never evidence), which recipient each paragraph is about, and which address a text without such paragraphs
/// reports on.
/// </summary>
internal static partial class ReportText
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant;

    private const int RegexTimeoutMs = 2000;

    /// <summary>Lines of a report's text searched for the failed address: reports name it near the top.</summary>
    private const int MaxHeadLines = 12;

    /// <summary>Lines a recipient block runs for at most: the reply and its wrapped continuation.</summary>
    private const int MaxBlockLines = 12;

    /// <summary>Where MTAs start the copy of the original message.</summary>
    private static readonly string[] OriginalMarkers =
    [
        "this is a copy of the message", "below this line is a copy of the message", "below the next line is a copy",
        "original message follows", "original message -----", "----- original message", "original message headers",
        "mensaje original adjunto", "the forwarded message follows", "message header follows",
        "message headers follow", "text of the message follows", "attachment is a copy of the message",
        "unsent message below", "header of the source mail attached", "a summary of the undelivered message",
        "your message reads (in part)", "the header and top", "copy of the first part of the message",
        "included is a copy of the message header", "returned mail follows", "original message header",
        "------ forwarded message", "in article <", "content-type: message/rfc822", "content-type: text/rfc822-headers",
    ];

    /// <summary>
    /// A line that starts a recipient's paragraph: <c>&lt;bob@x&gt;: …</c> at the start of a line (Postfix, qmail), or an
    /// address alone on its line, bracketed, bulleted, indented or followed by a colon (Exim, Sendmail, Gmail), or
    /// SMTP32's <c>Unknown user: bob@x</c>.
    /// </summary>
    [GeneratedRegex(
        @"^(?:[*>][ \t]*)?<(?<rcpt>[^<>\s@""]+@[^<>\s""]+)>(?:[ \t]*\(expanded from[^)\n]*\))?:?[ \t]*(?<rest>[^\n]*)$"
        + @"|^[ \t]*(?:[*>-][ \t]*|unknown user:[ \t]*)?<?(?<rcpt>[^<>\s@:""',;()]+@[^<>\s:""',;()]+\.[a-z0-9-]+)>?:?[ \t]*(?<rest>)$",
        Options, RegexTimeoutMs)]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"(?<![\w.+=-])[a-z0-9._%+=&'#$!-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+(?![\w@-])", Options, RegexTimeoutMs)]
    private static partial Regex AnyAddress();

    /// <summary>Words that make a line a statement about a recipient rather than a signature, a link or a quote.</summary>
    private static readonly string[] FailureWords =
    [
        "deliver", "fail", "reject", "unknown", "not found", "exist", "quota", "full", "invalid", "recipient",
        "unable", "could not", "couldn't", "wasn't", "reach", "mailbox", "error", "bounce", "did not",
        "sent mail to", "addressed to", "message to", "exceeds", "unavailable", "not listed", "postponed",
        "no such", "not a valid", "no mailbox", "not receive",
    ];

    /// <summary>Lines quoting the original message's header fields.</summary>
    private static readonly string[] QuotedHeaders = ["from:", "to:", "cc:", "sender:", "reply-to:", "return-path:", "message-id:", "in-reply-to:"];

    /// <summary>The text up to the first marker of the returned original message.</summary>
    public static string WithoutOriginal(string text)
    {
        var cut = text.Length;
        foreach (var marker in OriginalMarkers)
        {
            var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0 && at < cut)
            {
                cut = at;
            }
        }

        if (cut == text.Length)
        {
            return text;
        }

        var lineStart = text.LastIndexOf('\n', cut - 1);
        return lineStart <= 0 ? text[..cut] : text[..lineStart];
    }

    /// <summary>Each recipient's paragraph, in order, one per recipient; empty when the text has none.</summary>
    public static IReadOnlyList<(string Recipient, string Text)> RecipientBlocks(string text, IReadOnlySet<string> ownAddresses)
    {
        var starts = new List<(int Index, int End, string Recipient, string Tail)>();
        foreach (Match match in BlockStart().Matches(text))
        {
            var recipient = match.Groups["rcpt"].Value.TrimEnd('.');
            if (ownAddresses.Contains(recipient.ToLowerInvariant()) || IsServiceAddress(recipient))
            {
                continue;
            }

            starts.Add((match.Index, match.Index + match.Length, recipient, match.Groups["rest"].Value));
        }

        var blocks = new List<(string Recipient, string Text)>();
        for (var i = 0; i < starts.Count; i++)
        {
            var (_, end, recipient, rest) = starts[i];
            var limit = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            var lines = text[end..limit].Split('\n').Skip(1).Take(MaxBlockLines);
            var block = rest + "\n" + string.Join('\n', lines.TakeWhile(l => !l.TrimStart().StartsWith("---", StringComparison.Ordinal)));
            var earlier = blocks.FindIndex(b => b.Recipient.Equals(recipient, StringComparison.OrdinalIgnoreCase));
            if (earlier < 0)
            {
                blocks.Add((recipient, block));
            }
            else
            {
                // Exim names the address again inside its paragraph ("after RCPT TO:\n<bob@x>:"): one paragraph.
                blocks[earlier] = (recipient, blocks[earlier].Text + "\n" + block);
            }
        }

        return blocks;
    }

    /// <summary>
    /// The first address the report's text names as the one that failed: on a line that speaks of delivery or
    /// failure, or alone on its line; never the report's own sender or addressee, a postmaster, or a quoted header.
    /// </summary>
    public static string? FirstRecipient(string text, IReadOnlySet<string> ownAddresses)
    {
        var introduced = false;
        foreach (var raw in text.Split('\n').Where(l => l.Trim().Length > 0).Take(MaxHeadLines))
        {
            var line = raw.Trim();
            var introducedHere = introduced;
            introduced = line.EndsWith(':') && Classification.ReplyWording.ContainsAny(line, FailureWords);
            if (QuotedHeaders.Any(h => line.StartsWith(h, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (Match match in AnyAddress().Matches(line))
            {
                var address = Clean(match.Value);
                if (ownAddresses.Contains(address.ToLowerInvariant()) || IsServiceAddress(address)
                    || IsInLink(line, match.Index) || NamesTheSender(line, match.Index))
                {
                    continue;
                }

                var alone = line.Length - address.Length <= 6;
                if (alone || introducedHere || AfterExpansion(line, match.Index) || Classification.ReplyWording.ContainsAny(line, FailureWords))
                {
                    return address;
                }
            }
        }

        return null;
    }

    /// <summary>The first address in a field value ("Original-Rcpt-To: &lt;bob@x&gt;"), cleaned; null when none.</summary>
    public static string? Address(string value)
    {
        var match = AnyAddress().Match(value);
        return match.Success ? Clean(match.Value) : null;
    }

    /// <summary>Quotes and a trailing full stop removed; an X.400 "SMTP=" prefix removed.</summary>
    private static string Clean(string address)
    {
        address = address.Trim('\'', '.', '"');
        return address.StartsWith("smtp=", StringComparison.OrdinalIgnoreCase) ? address[5..] : address;
    }

    /// <summary>Whether the address is the one an undisclosed or rewritten recipient was "generated from" (Exim).</summary>
    private static bool AfterExpansion(string line, int index)
    {
        var before = line.AsSpan(0, index).TrimEnd(" \t<(:'\"");
        return before.EndsWith("generated from", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("expanded from", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the address follows "from" or "by": the sender, or the address a recipient was expanded from.</summary>
    private static bool NamesTheSender(string line, int index)
    {
        var before = line.AsSpan(0, index).TrimEnd(" \t<(:'\"");
        if (before.EndsWith("generated from", StringComparison.OrdinalIgnoreCase) || before.EndsWith("expanded from", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return before.EndsWith("from", StringComparison.OrdinalIgnoreCase) || before.EndsWith(" by", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsServiceAddress(string address) =>
        address.StartsWith("postmaster@", StringComparison.OrdinalIgnoreCase)
        || address.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the address sits inside a URL or a <c>mailto:</c> link (its own mailto echo is read before).</summary>
    private static bool IsInLink(string line, int index)
    {
        var before = line.AsSpan(0, index);
        var space = before.LastIndexOfAny(' ', '\t', '<');
        var token = before[(space + 1)..];
        return token.Contains("://", StringComparison.Ordinal) || token.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
    }
}
