namespace Verifier.Api.Verification;

/// <summary>One address to verify.</summary>
public sealed record VerifyRequest
{
    /// <summary>The address as typed.</summary>
    /// <example>alice@example.com</example>
    public string? Email { get; init; }

    /// <summary>Probe the mailbox over SMTP (false: syntax and DNS only).</summary>
    public bool Smtp { get; init; } = true;

    /// <summary>Time budget for the whole request, in milliseconds; when spent, the answer says what is known so far.</summary>
    /// <example>5000</example>
    public int? TimeoutMs { get; init; }

    /// <summary>Bypass the cache for this request.</summary>
    public bool Refresh { get; init; }
}
