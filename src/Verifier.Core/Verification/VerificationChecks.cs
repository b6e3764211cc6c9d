namespace Verifier.Core.Verification;

/// <summary>What each stage of the pipeline found.</summary>
public sealed record VerificationChecks(SyntaxCheck Syntax, DomainCheck? Domain, SmtpCheck? Smtp);
