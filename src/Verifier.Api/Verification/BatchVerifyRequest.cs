namespace Verifier.Api.Verification;

/// <summary>A list of addresses to verify together.</summary>
public sealed record BatchVerifyRequest
{
    /// <summary>The addresses as typed; results come back in this order, duplicates verified once.</summary>
    public IReadOnlyList<string?>? Emails { get; init; }

    /// <summary>Probe mailboxes over SMTP (false: syntax and DNS only).</summary>
    public bool Smtp { get; init; } = true;

    /// <summary>Bypass cached verdicts.</summary>
    public bool Refresh { get; init; }
}
