namespace Verifier.Client.FluentValidation;

/// <summary>
/// Which answers a form accepts. The defaults suit a signup form: undeliverable and disposable addresses are refused,
/// everything else passes, and whatever cannot be decided now (an unknown verdict, the API slow, down or limiting)
/// passes too: a person is never kept out because a check could not be made.
/// </summary>
public sealed class AcceptancePolicy
{
    /// <summary>The defaults.</summary>
    public static AcceptancePolicy Default { get; } = new();

    /// <summary>Accept risky answers (catch-all, full mailbox). Default true.</summary>
    public bool AcceptRisky { get; init; } = true;

    /// <summary>Accept disposable addresses. Default false.</summary>
    public bool AcceptDisposable { get; init; }

    /// <summary>Accept role addresses (info@, sales@). Default true.</summary>
    public bool AcceptRole { get; init; } = true;

    /// <summary>Accept unknown answers (greylisting, time-outs). Default true: fail open.</summary>
    public bool AcceptUnknown { get; init; } = true;

    /// <summary>Accept when the API cannot answer (unreachable, time-out, 429, 5xx). Default true: fail open.</summary>
    public bool AcceptWhenUnavailable { get; init; } = true;

    /// <summary>
    /// What the token rule does when the form has no token (the widget had no answer in time, or script was off):
    /// verify the address now (default), or decide without it (<see cref="MissingTokenAction.Accept"/>, <see cref="MissingTokenAction.Reject"/>).
    /// </summary>
    public MissingTokenAction WhenTokenMissing { get; init; } = MissingTokenAction.Verify;

    /// <summary>The time budget of a verification made by the rule (the server's default when null). Default 5 s: a person is waiting.</summary>
    public TimeSpan? VerifyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether an answer passes.</summary>
    public bool Accepts(Verdict verdict, Reason reason, RiskFlags flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        if ((flags.Disposable || reason == Reason.Disposable) && !AcceptDisposable)
        {
            return false;
        }

        if (flags.Role && !AcceptRole)
        {
            return false;
        }

        return verdict switch
        {
            Verdict.Deliverable => true,
            Verdict.Risky => AcceptRisky,
            Verdict.Unknown => AcceptUnknown,
            _ => false,
        };
    }
}

/// <summary>What the token rule does without a token.</summary>
public enum MissingTokenAction
{
    /// <summary>Verify the address with the secret key.</summary>
    Verify,

    /// <summary>Accept it unchecked.</summary>
    Accept,

    /// <summary>Refuse it.</summary>
    Reject,
}
