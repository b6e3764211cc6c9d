using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Api.Tokens;

/// <summary>The body of <c>POST /v1/tokens/confirm</c>.</summary>
public sealed record TokenConfirmRequest
{
    /// <summary>The token the widget put in the form (field <c>verifier_token</c> by default).</summary>
    public string? Token { get; init; }

    /// <summary>The address the form was submitted with; the token must have been issued for it.</summary>
    public string? Email { get; init; }
}

/// <summary>A confirmed token: the verdict the service gave the address, to which key and when.</summary>
/// <param name="Email">The address as sent in the request.</param>
/// <param name="Normalized">Its comparison form (case-folded local part, A-label domain), the form the token is bound to.</param>
/// <param name="Verdict">The verdict when the token was issued.</param>
/// <param name="Reason">The reason when the token was issued.</param>
/// <param name="Flags">Disposable, role and free-provider flags of the answer.</param>
/// <param name="Key">The name of the publishable key the answer was given to (<c>open</c> when the API has no key).</param>
/// <param name="IssuedAt">When the answer and its token were given.</param>
/// <param name="ExpiresAt">After this, the token is refused.</param>
public sealed record TokenConfirmation(
    string Email,
    string Normalized,
    Verdict Verdict,
    Reason Reason,
    RiskFlags Flags,
    string Key,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
