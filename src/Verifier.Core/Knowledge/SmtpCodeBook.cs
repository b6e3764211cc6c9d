using System.Collections.Frozen;
using System.Globalization;
using Verifier.Core.Classification;

namespace Verifier.Core.Knowledge;

/// <summary>
/// The SMTP code knowledge base: every basic reply code of RFC 5321 (with RFC 7504, RFC 4954 and RFC 3207) and
/// every enhanced status code of the IANA registry (RFC 3463 and its updates), with meaning, causes, whether to
/// retry and what the sender should do. Pure data; no I/O.
/// </summary>
public static class SmtpCodeBook
{
    /// <summary><see cref="SmtpCodeEntry.Kind"/> of an RFC 5321 basic reply code.</summary>
    public const string Basic = "basic";

    /// <summary><see cref="SmtpCodeEntry.Kind"/> of an RFC 3463 enhanced status code.</summary>
    public const string Enhanced = "enhanced";





    /// <summary>RFC 3463 §2: subject and detail have one to three digits.</summary>
    private const int MaxEnhancedNumberDigits = 3;

    /// <summary>Longest accepted query: "5.123.123".</summary>
    private const int MaxQueryLength = 9;


    private static readonly FrozenDictionary<int, SmtpCodeEntry> BasicByCode =
        BasicReplyCodes.Entries.ToFrozenDictionary(e => int.Parse(e.Code, CultureInfo.InvariantCulture));

    /// <summary>
    /// Every entry: the basic reply codes in numeric order, then the enhanced status codes in the classes each is
    /// used with (2.1.5; 4.2.2 and 5.2.2; 5.1.1), ordered by subject, detail and class.
    /// </summary>
    public static IReadOnlyList<SmtpCodeEntry> All { get; } =
    [
        .. BasicReplyCodes.Entries.OrderBy(e => e.Code, StringComparer.Ordinal),
        .. EnhancedStatusCodes.Templates
            .OrderBy(t => t.Subject).ThenBy(t => t.Detail)
            .SelectMany(t => t.Classes.Select(t.ToEntry)),
    ];

    /// <summary>
    /// Looks up a basic reply code ("550") or an enhanced status code ("5.1.1"); surrounding white space is ignored.
    /// </summary>
    /// <remarks>
    /// A registered code is an <see cref="SmtpCodeMatch.Exact"/> match; an enhanced code is found in any class
    /// (4.1.1 explains X.1.1 as a temporary failure). A well-formed but unregistered code gets its subject's
    /// explanation ("5.1.X") when the subject is one of RFC 3463's eight, else its class's ("5xx", "5.X.X").
    /// A basic code is three digits whose first is 2–5; an enhanced code is class 2, 4 or 5, then subject and
    /// detail of one to three digits without leading zeros (RFC 3463 §2). Anything else is
    /// <see cref="SmtpCodeMatch.Malformed"/>.
    /// </remarks>
    public static SmtpCodeLookup Lookup(string? code)
    {
        var query = (code ?? "").Trim();
        if (query.Length is 0 or > MaxQueryLength)
        {
            return Malformed(query, "Expected a basic reply code such as 550 or an enhanced status code such as 5.1.1.");
        }

        if (!query.Contains('.'))
        {
            return LookupBasic(query);
        }

        return LookupEnhanced(query);
    }

    private static SmtpCodeLookup LookupBasic(string query)
    {
        if (query.Length != 3 || !query.All(char.IsAsciiDigit))
        {
            return Malformed(query, "A basic reply code has exactly three digits (RFC 5321 §4.2).");
        }

        var first = query[0] - '0';
        if (first is < 2 or > 5)
        {
            return Malformed(query, "A basic reply code starts with 2, 3, 4 or 5 (RFC 5321 §4.2.1).");
        }

        var number = int.Parse(query, CultureInfo.InvariantCulture);
        return BasicByCode.TryGetValue(number, out var entry)
            ? new SmtpCodeLookup(query, SmtpCodeMatch.Exact, entry, null)
            : new SmtpCodeLookup(query, SmtpCodeMatch.Class, BasicClassEntry(first), null);
    }

    private static SmtpCodeLookup LookupEnhanced(string query)
    {
        var parts = query.Split('.');
        if (parts.Length != 3)
        {
            return Malformed(query, "An enhanced status code has three parts: class.subject.detail (RFC 3463 §2).");
        }

        if (parts[0] is not ("2" or "4" or "5"))
        {
            return Malformed(query, "The class of an enhanced status code is 2, 4 or 5 (RFC 3463 §3).");
        }

        if (!TryParseNumber(parts[1], out var subject) || !TryParseNumber(parts[2], out var detail))
        {
            return Malformed(query, "Subject and detail are one to three digits without leading zeros (RFC 3463 §2).");
        }

        var @class = parts[0][0] - '0';
        if (EnhancedStatusCodes.Find(subject, detail) is { } template)
        {
            return new SmtpCodeLookup(query, SmtpCodeMatch.Exact, template.ToEntry(@class), null);
        }

        return EnhancedStatusCodes.Subjects.TryGetValue(subject, out var known)
            ? new SmtpCodeLookup(query, SmtpCodeMatch.Subject, SubjectEntry(@class, subject, known.Title, known.Meaning), null)
            : new SmtpCodeLookup(query, SmtpCodeMatch.Class, EnhancedClassEntry(@class), null);
    }

    private static bool TryParseNumber(string digits, out int number)
    {
        number = 0;
        if (digits.Length is 0 or > MaxEnhancedNumberDigits
            || !digits.All(char.IsAsciiDigit)
            || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        number = int.Parse(digits, CultureInfo.InvariantCulture);
        return true;
    }

    private static SmtpCodeLookup Malformed(string query, string error) =>
        new(query, SmtpCodeMatch.Malformed, null, error);

    private static SmtpCodeEntry BasicClassEntry(int first) => first switch
    {
        2 => ClassEntry("2xx", Basic, 2, "Positive completion",
            "The requested action was completed.", "Nothing to do.", "RFC 5321 §4.2.1"),
        3 => ClassEntry("3xx", Basic, 3, "Positive intermediate",
            "The command was accepted, but the server waits for more information (DATA content, an AUTH response).",
            "Continue the exchange.", "RFC 5321 §4.2.1"),
        4 => ClassEntry("4xx", Basic, 4, "Transient negative completion",
            "The command was not accepted and nothing happened, but the condition is temporary: the same request may succeed later.",
            "Retry later with back-off; do not remove the address for a temporary failure.", "RFC 5321 §4.2.1"),
        _ => ClassEntry("5xx", Basic, 5, "Permanent negative completion",
            "The command was not accepted and the same request will fail again.",
            "Do not retry unchanged: read the text and the enhanced code to tell a bad address (remove it) from a policy refusal (fix your configuration).",
            "RFC 5321 §4.2.1"),
    };

    private static SmtpCodeEntry EnhancedClassEntry(int @class) => @class switch
    {
        2 => ClassEntry("2.X.X", Enhanced, 2, "Success",
            "The action succeeded; the subject and detail add information.", "Nothing to do.", "RFC 3463 §3.1"),
        4 => ClassEntry("4.X.X", Enhanced, 4, "Persistent transient failure",
            "The message was valid but could not be delivered now; a later attempt may succeed.",
            "Retry later with back-off.", "RFC 3463 §3.1"),
        _ => ClassEntry("5.X.X", Enhanced, 5, "Permanent failure",
            "The message will not be delivered as sent; resending unchanged will fail again.",
            "Do not retry unchanged: remove a bad address or fix the cause the text names.", "RFC 3463 §3.1"),
    };

    private static SmtpCodeEntry SubjectEntry(int @class, int subject, string title, string meaning)
    {
        var classEntry = EnhancedClassEntry(@class);
        return classEntry with
        {
            Code = string.Create(CultureInfo.InvariantCulture, $"{@class}.{subject}.X"),
            Title = $"{classEntry.Title}: {title}",
            Meaning = $"{meaning} {classEntry.Meaning}",
            Reference = "RFC 3463 §3",
        };
    }

    private static SmtpCodeEntry ClassEntry(
        string code, string kind, int first, string title, string meaning, string advice, string reference) =>
        new(code, kind, ReplyClasses.Name(ReplyClasses.Of(first * 100)), title, meaning,
            ["The server used a code that is not registered; its class still says whether to retry."],
            Retry: first == 4, advice, RelatedReason: null, reference);
}
