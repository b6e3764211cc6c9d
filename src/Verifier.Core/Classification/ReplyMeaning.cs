namespace Verifier.Core.Classification;

/// <summary>What one SMTP reply to RCPT (or to an earlier command) means for the address.</summary>
/// <param name="Reason">The reason the reply points to.</param>
/// <param name="Decisive">
/// True when the enhanced code or the wording named the reason (e.g. 5.1.1, "user unknown",
/// "blocked using zen.spamhaus.org"); false when the reason is only the conservative reading of the
/// basic reply code (e.g. a bare "550 Error").
/// </param>
public sealed record ReplyMeaning(Reason Reason, bool Decisive);
