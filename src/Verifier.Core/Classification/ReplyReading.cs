namespace Verifier.Core.Classification;

/// <summary>What one SMTP reply means: its reason, its class and what the sender should do.</summary>
/// <param name="Reason">The reason the reply names, or the reading of its code when it names none.</param>
/// <param name="Class">The reply's class (from the basic code, else the enhanced code).</param>
/// <param name="Action">What the sender does with the address (<see cref="ReplyReasons.ActionOf"/>).</param>
/// <param name="Decisive">
/// True when an enhanced code or the wording named the reason; false when it rests on the basic code alone
/// (a bare "550 Error"), which the verification path reads conservatively.
/// </param>
public sealed record ReplyReading(ReplyReason Reason, ReplyClass Class, SenderAction Action, bool Decisive)
{
    /// <summary>Whether sending the same message again later can succeed.</summary>
    public bool Retry => Action == SenderAction.RetryLater;
}
