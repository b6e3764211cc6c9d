using Microsoft.AspNetCore.Mvc;

namespace Verifier.Api.Domains;

/// <summary>The route and query string of <c>GET /v1/domains/{domain}</c>.</summary>
public sealed record DomainQuery
{
    /// <summary>The domain, ASCII or internationalised (mapped to A-labels).</summary>
    /// <example>example.com</example>
    [FromRoute(Name = "domain")]
    public string? Domain { get; init; }

    /// <summary>When the catch-all status is not cached, probe the MX over SMTP to find it (one RCPT to a random recipient; no mail is sent). Default false.</summary>
    [FromQuery(Name = "probe")]
    public bool? Probe { get; init; }

    /// <summary>The DKIM selector to check (the s= tag of your DKIM-Signature header); without it DKIM is not checked.</summary>
    /// <example>selector1</example>
    [FromQuery(Name = "dkimSelector")]
    public string? DkimSelector { get; init; }
}
