namespace Verifier.Core.Verification;

/// <summary>The whole pipeline: syntax → domain → mailbox → classify.</summary>
public interface IEmailVerifier
{
    Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken);
}
