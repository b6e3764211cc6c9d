namespace Verifier.Core.Verification;

/// <summary>The SMTP stage's finding.</summary>
/// <param name="Performed">False when SMTP was skipped (not asked, not needed, or time budget spent).</param>
/// <param name="CatchAll">True/false when the catch-all probe answered; null when unknown.</param>
public sealed record SmtpCheck(
    bool Performed,
    string? Host,
    int? Code,
    string? EnhancedCode,
    string? Message,
    bool? CatchAll,
    long DurationMs,
    string? Error = null);
