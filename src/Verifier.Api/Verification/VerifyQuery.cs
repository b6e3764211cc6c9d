using Microsoft.AspNetCore.Mvc;

namespace Verifier.Api.Verification;

/// <summary>The query string of <c>GET /v1/verify</c>.</summary>
public sealed record VerifyQuery
{
    /// <summary>The address as typed.</summary>
    [FromQuery(Name = "email")]
    public string? Email { get; init; }

    /// <summary>Probe the mailbox over SMTP (default true).</summary>
    [FromQuery(Name = "smtp")]
    public bool? Smtp { get; init; }

    /// <summary>Time budget in milliseconds.</summary>
    [FromQuery(Name = "timeoutMs")]
    public int? TimeoutMs { get; init; }

    /// <summary>Bypass the cache (default false).</summary>
    [FromQuery(Name = "refresh")]
    public bool? Refresh { get; init; }

    public VerifyRequest ToRequest() => new()
    {
        Email = Email,
        Smtp = Smtp ?? true,
        TimeoutMs = TimeoutMs,
        Refresh = Refresh ?? false,
    };
}
