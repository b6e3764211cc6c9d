namespace Verifier.Core.Classification;

/// <summary>What a sender does with the address after a reply or a bounce. Serialised in snake_case.</summary>
public enum SenderAction
{
    /// <summary>Stop sending to the address: it does not exist, is disabled, its domain takes no mail, or its owner complained.</summary>
    Suppress,

    /// <summary>Keep the address and send again later: temporary failures, full mailboxes, throttling, expiry.</summary>
    RetryLater,

    /// <summary>The address is not at fault: fix the sender's reputation, authentication, configuration or message.</summary>
    FixConfiguration,

    /// <summary>Nothing to do: delivered, not a bounce, or not recognised.</summary>
    None,
}
