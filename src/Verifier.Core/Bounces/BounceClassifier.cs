using System.Text.RegularExpressions;
using Verifier.Core.Classification;

namespace Verifier.Core.Bounces;

/// <summary>
/// Classifies a bounce: one SMTP reply (single or multi-line), an MTA log line (Postfix, Exim, Sendmail), a
/// provider notification (Amazon SES JSON), or a whole report message: an RFC 3464 DSN, an ARF feedback report, a
/// non-standard bounce of any common MTA, a delay warning, a delivery notice, or a message that is no report at all
/// (an auto-reply). Replies are read by <see cref="ReplyInterpreter"/>, as the verification probe reads them. Pure:
/// no I/O, no clock, and it never throws on bad input: what it cannot read is <see cref="ReplyReason.Unrecognised"/>.
/// </summary>
/// <remarks>The rules of a report are described on <see cref="BounceRules"/> and <see cref="ReportReader"/>.</remarks>
public static class BounceClassifier
{
    /// <summary>Only the first 1 MiB of characters is read; a bounce's explanation comes long before that.</summary>
    public const int MaxInputChars = 1024 * 1024;

    /// <summary>Classifies the bounce; for a report about several recipients, the first one.</summary>
    public static BounceClassification Classify(string? text) => ClassifyAll(text)[0];

    /// <summary>
    /// Classifies every recipient a report is about (each failed or delayed recipient of a DSN once, every recipient
    /// paragraph of a text bounce), in the report's order. The list is never empty.
    /// </summary>
    public static IReadOnlyList<BounceClassification> ClassifyAll(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [Unrecognised()];
        }

        if (text.Length > MaxInputChars)
        {
            text = text[..MaxInputChars];
        }

        try
        {
            if (ReportReader.Load(text) is { } message)
            {
                return ReportReader.Classify(message);
            }

            var evidence = BounceTextParser.ReadAll(text);
            return evidence.Count == 0 ? [Unrecognised()] : [.. evidence.Select(BounceRules.Classify)];
        }
        catch (RegexMatchTimeoutException)
        {
            return [Unrecognised()];
        }
    }

    internal static BounceClassification Unrecognised() =>
        new(null, null, ReplyClass.Unknown, ReplyReason.Unrecognised, SenderAction.None, null, null);
}
