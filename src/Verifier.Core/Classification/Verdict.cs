namespace Verifier.Core.Classification;

/// <summary>The answer to "should I send to this address?".</summary>
public enum Verdict
{
    /// <summary>The recipient's server accepted the mailbox.</summary>
    Deliverable,

    /// <summary>A send would bounce: bad syntax, no such domain or mailbox.</summary>
    Undeliverable,

    /// <summary>A send may be accepted, but the address is doubtful (catch-all, full, disposable).</summary>
    Risky,

    /// <summary>No decision could be made now (time-outs, greylisting, DNS failures).</summary>
    Unknown,
}
