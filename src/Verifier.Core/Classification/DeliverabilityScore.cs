using Verifier.Core.Verification;

namespace Verifier.Core.Classification;

/// <summary>
/// One number, 0–100, for people who want deliverability summarised: higher is safer to send to.
/// </summary>
/// <remarks>
/// <para>
/// <c>score = clamp(base(reason) − 15·disposable − 10·role, band(verdict))</c>. Each verdict owns a band, so the
/// score never contradicts the verdict: deliverable 80–100 &gt; risky 41–79 &gt; unknown 11–40 &gt; undeliverable
/// 0–10. Within a band, the reason sets the base and the flags can only lower it; the free-provider flag carries
/// no penalty, because a free webmail mailbox is as deliverable as any (it matters for B2B filtering, not
/// bounces).
/// </para>
/// <list type="table">
/// <listheader><term>reason</term><description>base (band)</description></listheader>
/// <item><term>accepted</term><description>95 (deliverable)</description></item>
/// <item><term>catch_all</term><description>70 (risky)</description></item>
/// <item><term>disposable</term><description>60 (risky)</description></item>
/// <item><term>mailbox_full</term><description>55 (risky)</description></item>
/// <item><term>smtp_not_checked</term><description>40 (unknown)</description></item>
/// <item><term>greylisted</term><description>35 (unknown)</description></item>
/// <item><term>smtp_unavailable, timeout</term><description>30 (unknown)</description></item>
/// <item><term>blocked</term><description>25 (unknown)</description></item>
/// <item><term>dns_error</term><description>20 (unknown)</description></item>
/// <item><term>invalid_syntax, no_such_domain, no_mail_server, null_mx, unroutable_mx, mailbox_not_found, mailbox_disabled</term><description>0 (undeliverable)</description></item>
/// </list>
/// </remarks>
public static class DeliverabilityScore
{
    /// <summary>Points taken off for a disposable-mailbox domain.</summary>
    public const int DisposablePenalty = 15;

    /// <summary>Points taken off for a role address (info@, admin@, …): shared, often unmonitored, more complaints.</summary>
    public const int RolePenalty = 10;

    /// <summary>Scores a classification with the enrichment flags.</summary>
    public static int Compute(Classification classification, RiskFlags flags)
    {
        ArgumentNullException.ThrowIfNull(classification);
        return Compute(classification.Verdict, classification.Reason, flags);
    }

    /// <summary>Scores a verdict and reason with the enrichment flags.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The verdict or reason is not a defined value.</exception>
    public static int Compute(Verdict verdict, Reason reason, RiskFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);

        var (min, max) = Band(verdict);
        var score = Base(reason)
            - (flags.Disposable ? DisposablePenalty : 0)
            - (flags.Role ? RolePenalty : 0);
        return Math.Clamp(score, min, max);
    }

    private static (int Min, int Max) Band(Verdict verdict) => verdict switch
    {
        Verdict.Deliverable => (80, 100),
        Verdict.Risky => (41, 79),
        Verdict.Unknown => (11, 40),
        Verdict.Undeliverable => (0, 10),
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };

    private static int Base(Reason reason) => reason switch
    {
        Reason.Accepted => 95,
        Reason.CatchAll => 70,
        Reason.Disposable => 60,
        Reason.MailboxFull => 55,
        Reason.SmtpNotChecked => 40,
        Reason.Greylisted => 35,
        Reason.SmtpUnavailable or Reason.Timeout => 30,
        Reason.Blocked => 25,
        Reason.DnsError => 20,
        Reason.InvalidSyntax or Reason.NoSuchDomain or Reason.NoMailServer or Reason.NullMx or Reason.UnroutableMx
            or Reason.MailboxNotFound or Reason.MailboxDisabled => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };
}
