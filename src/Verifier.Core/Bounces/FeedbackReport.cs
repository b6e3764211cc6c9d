using Verifier.Core.Classification;

namespace Verifier.Core.Bounces;

/// <summary>
/// An ARF feedback report (RFC 5965): a recipient's complaint (<c>abuse</c>, <c>fraud</c>, <c>virus</c>,
/// <c>other</c>) or unsubscribe request (<c>opt-out</c>) is <see cref="ReplyReason.Complaint"/>, suppress; an
/// authentication failure report (RFC 6591, <c>auth-failure</c>) is <see cref="ReplyReason.AuthFailure"/>, fix the
/// sender's configuration. Neither is a bounce: the class is <see cref="ReplyClass.None"/>.
/// </summary>
internal static class FeedbackReport
{
    /// <summary>One classification per recipient named by Original-Rcpt-To or Removal-Recipient, or one without.</summary>
    public static IReadOnlyList<BounceClassification> Classify(string fields)
    {
        string? type = null;
        var recipients = new List<string>();
        foreach (var raw in fields.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Feedback-Type", StringComparison.OrdinalIgnoreCase))
            {
                type ??= value.ToLowerInvariant();
            }
            else if ((name.Equals("Original-Rcpt-To", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Removal-Recipient", StringComparison.OrdinalIgnoreCase))
                && ReportText.Address(value) is { } address
                && !recipients.Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                recipients.Add(address);
            }
        }

        var reason = type == "auth-failure" ? ReplyReason.AuthFailure : ReplyReason.Complaint;
        var action = ReplyReasons.ActionOf(reason, ReplyClass.None);
        var text = "Feedback-Type: " + (type ?? "abuse");
        return recipients.Count == 0
            ? [new BounceClassification(null, null, ReplyClass.None, reason, action, null, text)]
            : [.. recipients.Select(r => new BounceClassification(null, null, ReplyClass.None, reason, action, r, text))];
    }
}
