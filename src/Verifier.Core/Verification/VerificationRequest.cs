namespace Verifier.Core.Verification;

/// <summary>One address to verify.</summary>
/// <param name="Email">The address as typed.</param>
/// <param name="Smtp">Whether to probe the mailbox over SMTP (false: syntax and DNS only).</param>
/// <param name="Timeout">The whole-request time budget; null for the configured default.</param>
/// <param name="Refresh">Bypass the cache for this request.</param>
public sealed record VerificationRequest(string Email, bool Smtp = true, TimeSpan? Timeout = null, bool Refresh = false);
