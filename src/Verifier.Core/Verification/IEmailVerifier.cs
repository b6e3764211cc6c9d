namespace Verifier.Core.Verification;

/// <summary>One address within a time budget (signup forms); implemented by <see cref="VerificationPipeline"/>.</summary>
public interface IEmailVerifier
{
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}
