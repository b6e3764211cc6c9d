using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Core.Jobs;

/// <summary>What a job keeps of one row's verification: the five result columns.</summary>
/// <param name="Code">The SMTP reply a send would most likely get (<c>likelySmtp.code</c>).</param>
/// <param name="EnhancedCode">Its enhanced status code (<c>likelySmtp.enhancedCode</c>).</param>
/// <param name="Suggestion">A corrected address when the domain looks like a typo.</param>
public readonly record struct RowResult(Verdict Verdict, Reason Reason, int? Code, string? EnhancedCode, string? Suggestion)
{
    /// <summary>A row whose email cell is empty or missing: nothing to send to, nothing to verify.</summary>
    public static RowResult MissingAddress { get; } = new(Verdict.Unknown, Reason.InvalidSyntax, null, null, null);

    public static RowResult From(VerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RowResult(result.Verdict, result.Reason, result.LikelySmtp.Code, result.LikelySmtp.EnhancedCode, result.Suggestion);
    }

    /// <summary>Greylisting and temporary failures: worth asking again later within the job.</summary>
    public bool IsRetryable => Reason is Reason.Greylisted or Reason.SmtpUnavailable or Reason.Timeout;

    /// <summary>The reply code a send would bounce with, for undeliverable rows and risky rows that would not be accepted; else null.</summary>
    public int? BounceCode => Verdict switch
    {
        Verdict.Undeliverable => Code,
        Verdict.Risky when Code >= 400 => Code,
        _ => null,
    };
}
