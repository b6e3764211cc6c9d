using System.Globalization;
using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>An RFC 3463 enhanced status code: <c>class.subject.detail</c>, e.g. 5.1.1.</summary>
/// <param name="Class">2 (success), 4 (persistent transient failure) or 5 (permanent failure).</param>
/// <param name="Subject">0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network and routing, 5 protocol, 6 content, 7 security or policy.</param>
/// <param name="Detail">The detail number within the subject.</param>
internal readonly record struct EnhancedStatus(int Class, int Subject, int Detail)
{
    /// <summary>RFC 3463 §2: subject and detail have at most three digits each.</summary>
    private const int MaxNumberDigits = 3;

    public bool Is(int subject, int detail) => Subject == subject && Detail == detail;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Class}.{Subject}.{Detail}");

    /// <summary>
    /// The enhanced code of a reply: the one the reply carries, else one written at the start of the
    /// text (<c>5.1.1 User unknown</c>, <c>#5.1.0 Address rejected</c>), else qmail's trailing
    /// <c>(#5.1.1)</c>.
    /// </summary>
    public static EnhancedStatus? Find(SmtpReply reply)
    {
        if (reply.EnhancedCode is { } carried && TryParse(carried.AsSpan().Trim(), out var status))
        {
            return status;
        }

        var text = reply.Text.AsSpan().TrimStart();
        if (text.StartsWith('#'))
        {
            text = text[1..];
        }

        var end = text.IndexOfAny(' ', '\t');
        if (TryParse(end < 0 ? text : text[..end], out status))
        {
            return status;
        }

        var qmail = reply.Text.LastIndexOf("(#", StringComparison.Ordinal);
        if (qmail >= 0)
        {
            var rest = reply.Text.AsSpan(qmail + 2);
            var close = rest.IndexOf(')');
            if (close > 0 && TryParse(rest[..close], out status))
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>Parses exactly <c>class.subject.detail</c> with class 2, 4 or 5.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out EnhancedStatus status)
    {
        status = default;
        if (value.Length < 5 || value[1] != '.' || value[0] is not ('2' or '4' or '5'))
        {
            return false;
        }

        var rest = value[2..];
        var dot = rest.IndexOf('.');
        if (dot <= 0
            || !TryParseNumber(rest[..dot], out var subject)
            || !TryParseNumber(rest[(dot + 1)..], out var detail))
        {
            return false;
        }

        status = new EnhancedStatus(value[0] - '0', subject, detail);
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        if (digits.IsEmpty || digits.Length > MaxNumberDigits)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }
}
