using System.Globalization;
using System.Text;
using Verifier.Core.Classification;

namespace Verifier.Core.Bounces;

/// <summary>
/// Reads an SMTP reply written as text: a single line (<c>550 5.1.1 User unknown</c>), a multi-line reply
/// (<c>550-5.1.1 …</c> / <c>550 5.1.1 …</c>, RFC 5321 §4.2.1), or a reply that a DSN or log folded onto one line
/// (<c>550-5.1.1 The email account … 550-5.1.1 double-checking … 550 5.1.1 https://…</c>). Yahoo's
/// <c>554: delivery error: …</c> is read as <c>554 delivery error: …</c>.
/// </summary>
internal static class ReplyText
{
    /// <summary>Parses a reply that starts at the beginning of <paramref name="text"/> (after white space and an optional '#').</summary>
    public static bool TryParse(string text, out int code, out string? enhanced, out string replyText)
    {
        code = 0;
        enhanced = null;
        replyText = "";

        var lines = text.Split('\n');
        var first = lines[0].Trim().TrimStart('#');
        if (!TryReadCode(first, out code, out var separator))
        {
            return false;
        }

        var builder = new StringBuilder(StripEnhanced(first.Length > 4 ? first[4..] : "", ref enhanced));
        var prefix = first[..3];
        var i = 1;
        for (; separator == '-' && i < lines.Length; i++)
        {
            // A Sendmail transcript marks each line of the server's reply with "<<< ".
            var line = lines[i].Trim().TrimStart('<').TrimStart();
            if (!line.StartsWith(prefix, StringComparison.Ordinal) || !TryReadCode(line, out _, out separator))
            {
                break;
            }

            builder.Append(' ').Append(StripEnhanced(line.Length > 4 ? line[4..] : "", ref enhanced));
        }

        // Bounce bodies wrap a long reply onto indented lines ("said: 550 5.1.1\n    <bob@…>: Recipient …").
        for (; i < lines.Length && lines[i].Length > 0 && lines[i][0] is ' ' or '\t'; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || (TryReadCode(line, out _, out _) && !line.StartsWith(prefix + "-", StringComparison.Ordinal)
                && !line.StartsWith(prefix + " ", StringComparison.Ordinal)))
            {
                break;
            }

            builder.Append(' ').Append(line);
        }

        replyText = Collapse(RemoveRepeatedPrefixes(builder.ToString(), prefix, enhanced));
        return true;
    }

    /// <summary>Collapses runs of white space to one space and trims.</summary>
    public static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Whether the token is an enhanced status code (class 2, 4 or 5).</summary>
    public static bool IsEnhanced(ReadOnlySpan<char> token) => EnhancedStatus.TryParse(token, out _);

    private static bool TryReadCode(string line, out int code, out char separator)
    {
        code = 0;
        separator = ' ';
        if (line.Length < 3
            || line[0] is < '2' or > '5' || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2])
            || (line.Length > 3 && line[3] is not (' ' or '-' or '\t' or ':')))
        {
            return false;
        }

        code = int.Parse(line.AsSpan(0, 3), CultureInfo.InvariantCulture);
        separator = line.Length > 3 && line[3] == '-' ? '-' : ' ';
        return true;
    }

    /// <summary>Removes an enhanced code at the start of a reply line, keeping the first one seen.</summary>
    private static string StripEnhanced(string rest, ref string? enhanced)
    {
        var trimmed = rest.TrimStart().TrimStart('#');
        var end = trimmed.IndexOfAny([' ', '\t']);
        var token = end < 0 ? trimmed : trimmed[..end];
        if (!IsEnhanced(token))
        {
            return rest.Trim();
        }

        enhanced ??= token;
        return end < 0 ? "" : trimmed[(end + 1)..].Trim();
    }

    /// <summary>Removes "550-5.1.1 " style prefixes of continuation lines that were folded into the text.</summary>
    private static string RemoveRepeatedPrefixes(string text, string prefix, string? enhanced)
    {
        var builder = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var found = text.IndexOf(prefix, at, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            var end = found + prefix.Length;
            var isPrefix = (found == 0 || char.IsWhiteSpace(text[found - 1]))
                && end < text.Length && text[end] is '-' or ' ';
            if (!isPrefix)
            {
                builder.Append(text, at, end - at);
                at = end;
                continue;
            }

            builder.Append(text, at, found - at);
            at = end + 1;
            if (enhanced is not null
                && text.AsSpan(at).StartsWith(enhanced, StringComparison.Ordinal)
                && (at + enhanced.Length == text.Length || char.IsWhiteSpace(text[at + enhanced.Length])))
            {
                at += enhanced.Length;
            }
            else if (text[end] == ' ')
            {
                // "550 " without the enhanced code is ordinary text ("550 recipients"), keep it.
                builder.Append(text, found, end + 1 - found);
            }
        }

        if (at < text.Length)
        {
            builder.Append(text, at, text.Length - at);
        }

        return builder.ToString();
    }
}
