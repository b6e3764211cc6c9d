namespace Verifier.Core.Bounces;

/// <summary>The values of <see cref="BounceClassification.Action"/>: what the sender should do with the address.</summary>
public static class BounceActions
{
    /// <summary>Stop sending to the address: it does not exist, is disabled, or its domain takes no mail.</summary>
    public const string Suppress = "suppress";

    /// <summary>Keep the address and send again later (temporary failures, full mailboxes, throttling).</summary>
    public const string RetryLater = "retry_later";

    /// <summary>The address is not at fault: fix the sender's reputation, authentication or configuration.</summary>
    public const string FixConfiguration = "fix_configuration";

    /// <summary>Nothing to do: no failure was reported, or the text was not recognised.</summary>
    public const string None = "none";
}
