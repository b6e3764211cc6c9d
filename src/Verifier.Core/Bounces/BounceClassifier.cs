using System.Text.RegularExpressions;

namespace Verifier.Core.Bounces;

/// <summary>
/// Classifies a bounce: one SMTP reply (single or multi-line), an MTA log line (Postfix, Exim, Sendmail), or a
/// whole bounce message: an RFC 3464 DSN (<c>multipart/report; report-type=delivery-status</c>, parsed with
/// MimeKit) or a non-standard plain-text bounce (Exim, qmail, Exchange NDRs, Amazon SES notifications). Pure: no
/// I/O, no clock, and it never throws on bad input: what it cannot read is <see cref="BounceReasons.Unrecognised"/>.
/// </summary>
/// <remarks>The reasons and actions are described on <see cref="BounceRules"/>.</remarks>
public static class BounceClassifier
{
    /// <summary><see cref="BounceClassification.Class"/> of a 4xx / 4.X.X failure, or one the MTA still retries.</summary>
    public const string Temporary = "temporary";

    /// <summary><see cref="BounceClassification.Class"/> of a 5xx / 5.X.X failure, or one the MTA gave up on.</summary>
    public const string Permanent = "permanent";

    /// <summary><see cref="BounceClassification.Class"/> of a delivery report that reports no failure.</summary>
    public const string Success = "success";

    /// <summary><see cref="BounceClassification.Class"/> of text that is not recognised as a bounce.</summary>
    public const string Unknown = "unknown";

    /// <summary>Only the first 1 MiB of characters is read; a bounce's explanation comes long before that.</summary>
    public const int MaxInputChars = 1024 * 1024;

    /// <summary>Classifies the bounce; for a DSN with several recipients, the first failed or delayed one.</summary>
    public static BounceClassification Classify(string? text) => ClassifyAll(text)[0];

    /// <summary>
    /// Classifies every failed or delayed recipient of a DSN, in the order of its delivery status; any other input
    /// gives exactly one classification. The list is never empty.
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
            var fromMessage = DsnReader.Read(text);
            if (fromMessage.Count > 0)
            {
                return [.. fromMessage.Select(BounceRules.Classify)];
            }

            // Not a message, or a message whose delivery status and text parts said nothing: read it all as text.
            return [BounceRules.Classify(BounceTextParser.Read(text))];
        }
        catch (RegexMatchTimeoutException)
        {
            return [Unrecognised()];
        }
    }

    internal static BounceClassification Unrecognised() =>
        new(null, null, Unknown, BounceReasons.Unrecognised, BounceActions.None, null, null);
}
