namespace Verifier.Core.Verification;

/// <summary>
/// Verifies many addresses politely: duplicates once, addresses grouped by domain so that one
/// SMTP session carries many RCPTs and the catch-all probe is made once per domain. Implemented by
/// <see cref="VerificationPipeline"/>.
/// </summary>
public interface IBatchVerifier
{
    /// <summary>One result per input address, in input order (duplicates share their answer).</summary>
    Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(
        IReadOnlyList<string> emails,
        BatchVerificationOptions options,
        CancellationToken cancellationToken);
}

/// <param name="Smtp">Probe mailboxes over SMTP (false: syntax and DNS only).</param>
/// <param name="Refresh">Bypass cached verdicts.</param>
/// <param name="Bulk">
/// Keep the verdicts only in the shared cache (Redis), not in process memory: for bulk jobs, whose answers would
/// push out the ones interactive callers ask for again.
/// </param>
public sealed record BatchVerificationOptions(bool Smtp = true, bool Refresh = false, bool Bulk = false);
