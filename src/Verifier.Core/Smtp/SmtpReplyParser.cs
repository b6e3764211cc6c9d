using System.Security.Cryptography;
using System.Text;

namespace Verifier.Core.Smtp;

/// <summary>Pure helpers for the probe's side of the SMTP dialogue: reply interpretation and command building. No I/O.</summary>
public static class SmtpReplyParser
{
    /// <summary>The length of the random local part used for catch-all detection.</summary>
    public const int CatchAllLocalPartLength = 16;

    private const string CatchAllAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// Builds an <see cref="SmtpReply"/> from a basic code and the reply text as MailKit gives it (code prefixes
    /// removed, lines separated by LF). An RFC 3463 enhanced status code at the start of the first line becomes
    /// <see cref="SmtpReply.EnhancedCode"/> and is removed from every line that repeats it; lines are joined by a space.
    /// </summary>
    public static SmtpReply Parse(int code, string? text)
    {
        var lines = (text ?? string.Empty).Split('\n');
        string? enhanced = null;
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var length = MatchEnhancedCode(line, code);
            if (length > 0)
            {
                var candidate = line[..length];
                if (i == 0)
                {
                    enhanced = candidate;
                }

                if (string.Equals(candidate, enhanced, StringComparison.Ordinal))
                {
                    line = line[length..].TrimStart();
                }
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(line);
        }

        return new SmtpReply(code, enhanced, builder.ToString());
    }

    /// <summary>
    /// The length of an enhanced status code (class "." subject "." detail, RFC 3463 §2) at the start of
    /// <paramref name="line"/>, followed by a space or the end; 0 when there is none or its class
    /// disagrees with the basic code (RFC 2034 §4).
    /// </summary>
    public static int MatchEnhancedCode(ReadOnlySpan<char> line, int basicCode)
    {
        if (line.Length < 5 || line[0] is not ('2' or '4' or '5') || line[0] - '0' != basicCode / 100 || line[1] != '.')
        {
            return 0;
        }

        var index = 2;
        if (!SkipDigits(line, ref index, maxDigits: 3) || index >= line.Length || line[index] != '.')
        {
            return 0;
        }

        index++;
        if (!SkipDigits(line, ref index, maxDigits: 3))
        {
            return 0;
        }

        return index == line.Length || line[index] == ' ' ? index : 0;
    }

    /// <summary>
    /// True when a RCPT reply says the session holds too many recipients (RFC 5321 §4.5.3.1.10: 452, enhanced
    /// x.5.3 per RFC 3463; older servers 552), so the rest must go in a new session. A 452 with another enhanced
    /// code (4.2.2 mailbox full, 4.3.1 out of storage) is an answer about the mailbox, not about the session.
    /// </summary>
    public static bool IsTooManyRecipients(SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.EnhancedCode is { } enhanced)
        {
            return enhanced is "4.5.3" or "5.5.3";
        }

        return reply.Code is 452 or 552 && reply.Text.Contains("too many recipients", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the server announced it is closing the channel (421, RFC 5321 §3.8).</summary>
    public static bool IsServiceClosing(SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Code == 421;
    }

    /// <summary>True when the mailbox has a non-ASCII character and can only be sent with SMTPUTF8 (RFC 6531).</summary>
    public static bool RequiresSmtpUtf8(string mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        foreach (var c in mailbox)
        {
            if (c > 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="mailbox"/> can go between angle brackets on a command line: not empty, with an '@',
    /// no control character anywhere (CR and LF would inject commands), and no space or angle bracket outside a quoted string.
    /// </summary>
    public static bool IsSafeMailbox(string? mailbox)
    {
        if (string.IsNullOrEmpty(mailbox) || mailbox.Length > 512 || !mailbox.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var quoted = false;
        var escaped = false;
        foreach (var c in mailbox)
        {
            if (char.IsControl(c))
            {
                return false;
            }

            if (escaped)
            {
                escaped = false;
            }
            else if (quoted && c == '\\')
            {
                escaped = true;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is ' ' or '<' or '>')
            {
                return false;
            }
        }

        return !quoted;
    }

    /// <summary><c>MAIL FROM:&lt;sender&gt;</c>, with the SMTPUTF8 parameter when asked.</summary>
    public static string MailFromCommand(string sender, bool smtpUtf8)
    {
        EnsureSafe(sender, nameof(sender));
        return smtpUtf8 ? $"MAIL FROM:<{sender}> SMTPUTF8" : $"MAIL FROM:<{sender}>";
    }

    /// <summary><c>RCPT TO:&lt;recipient&gt;</c>.</summary>
    public static string RcptToCommand(string recipient)
    {
        EnsureSafe(recipient, nameof(recipient));
        return $"RCPT TO:<{recipient}>";
    }

    /// <summary>A random local part of <see cref="CatchAllLocalPartLength"/> lower-case letters and digits, from a cryptographic source so servers cannot learn the pattern.</summary>
    public static string RandomLocalPart() =>
        new(RandomNumberGenerator.GetItems(CatchAllAlphabet.AsSpan(), CatchAllLocalPartLength));

    private static void EnsureSafe(string mailbox, string parameterName)
    {
        if (!IsSafeMailbox(mailbox))
        {
            throw new ArgumentException("The mailbox is empty, has no '@', contains a control character, or has a space or angle bracket outside quotes.", parameterName);
        }
    }

    private static bool SkipDigits(ReadOnlySpan<char> line, ref int index, int maxDigits)
    {
        var start = index;
        while (index < line.Length && index - start < maxDigits && char.IsAsciiDigit(line[index]))
        {
            index++;
        }

        return index > start && (index == line.Length || !char.IsAsciiDigit(line[index]));
    }
}
