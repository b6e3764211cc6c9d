using Verifier.Core.Classification;

namespace Verifier.Core.Bounces;

/// <summary>
/// Turns the evidence about one recipient into a classification. The reply is read by <see cref="ReplyInterpreter"/>,
/// the same reader the verification probe uses; these rules add what only a report can say.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>A DSN Status is the reporting MTA's translation of the reply; many MTAs write 5.1.1 or 5.0.0 for any 550. When
/// the remote server's own words name a reason, they win over that Status; otherwise the Status is read as the
/// reply's enhanced code.</item>
/// <item>Without a reply code, the text is the reporting MTA's own explanation: Exim's "Unrouteable address" means
/// its DNS lookup of the domain failed; the rest is read as a reply of the report's class.</item>
/// <item>The class is the reply's; without a code, the enhanced code's; without either, the report's (still being
/// retried: temporary; given up: permanent, except for causes that are temporary by nature).</item>
/// <item>A report that gave up after a temporary cause (a refused connection, a time-out, a DNS lookup to try again)
/// says the retry period expired: <see cref="ReplyReason.Expired"/>, retry later; the address was never judged.</item>
/// <item>A report still being retried is temporary whatever its codes say, and a temporary failure never suppresses.</item>
/// </list>
/// </remarks>
internal static class BounceRules
{
    /// <summary>Exim's own wording for a domain its DNS lookup could not find (no reply code).</summary>
    private static readonly string[] UnroutablePhrases = ["unrouteable address", "unroutable address"];

    public static BounceClassification Classify(BounceEvidence evidence)
    {
        var text = evidence.Text;
        if (evidence.Code is null && evidence.EnhancedCode is null && text.Length == 0)
        {
            return evidence.Deferred is null
                ? BounceClassifier.Unrecognised() with { Recipient = evidence.Recipient }
                : Result(evidence, ReplyReason.Undetermined, evidence.Deferred.Value ? ReplyClass.Temporary : ReplyClass.Permanent);
        }

        var reading = Read(evidence);
        var reason = reading.Reason;
        var replyClass = reading.Class;

        if (evidence.Code is null && ReplyWording.ContainsAny(text, UnroutablePhrases))
        {
            reason = ReplyReason.NoSuchDomain;
        }

        if (evidence.Code is null && evidence.EnhancedCode is null && !reading.Decisive)
        {
            if (evidence.Deferred is null && evidence.Recipient is null)
            {
                // Text that names no code, no cause, no recipient and no outcome is not recognised as a bounce.
                return BounceClassifier.Unrecognised();
            }

            reason = ReplyReason.Undetermined;
        }

        if (evidence.Deferred == true)
        {
            replyClass = ReplyClass.Temporary;
        }
        else if (evidence.Code is null && evidence.EnhancedCode is null)
        {
            replyClass = TransientByNature(reason) || evidence.Deferred is null && reading.Class == ReplyClass.Temporary
                ? ReplyClass.Temporary
                : ReplyClass.Permanent;
        }

        if (evidence.Deferred == false && reason is ReplyReason.SmtpUnavailable or ReplyReason.Timeout or ReplyReason.DnsError
            && evidence.Code is null or (>= 400 and < 500))
        {
            reason = ReplyReason.Expired;
            replyClass = ReplyClass.Temporary;
        }

        return Result(evidence, reason, replyClass);
    }

    /// <summary>The reply read with the remote server's words first, then with the reporting MTA's Status.</summary>
    private static ReplyReading Read(BounceEvidence evidence)
    {
        var code = evidence.Code ?? 0;
        if (evidence.StatusReported && evidence.EnhancedCode is not null && evidence.Text.Length > 0)
        {
            var ownWords = ReplyInterpreter.Read(code, null, evidence.Text, evidence.RemoteHost);
            if (ownWords.Decisive && (code != 0 || ownWords.Reason != ReplyReason.Undetermined))
            {
                return code != 0 ? ownWords : ReplyInterpreter.Read(code, evidence.EnhancedCode, evidence.Text, evidence.RemoteHost) with
                {
                    Reason = ownWords.Reason,
                };
            }
        }

        return ReplyInterpreter.Read(code, evidence.EnhancedCode, evidence.Text, evidence.RemoteHost);
    }

    private static bool TransientByNature(ReplyReason reason) => reason is ReplyReason.Greylisted
        or ReplyReason.SmtpUnavailable or ReplyReason.Timeout or ReplyReason.DnsError or ReplyReason.RateLimited
        or ReplyReason.Expired;

    private static BounceClassification Result(BounceEvidence evidence, ReplyReason reason, ReplyClass replyClass) =>
        new(evidence.Code, evidence.EnhancedCode, replyClass, reason, ReplyReasons.ActionOf(reason, replyClass), evidence.Recipient,
            evidence.Text.Length == 0 ? null : evidence.Text);
}
