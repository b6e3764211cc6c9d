namespace Verifier.Client;

/// <summary>The body of <c>POST /v1/tokens/confirm</c>.</summary>
/// <param name="Token">The token the widget put in the form.</param>
/// <param name="Email">The address the form was submitted with.</param>
[ApiSchema("TokenConfirmRequest")]
public sealed record TokenConfirmRequest(string Token, string Email);

/// <summary>A confirmed token: the verdict the service gave the address, to which key and when.</summary>
/// <param name="Email">The address as sent.</param>
/// <param name="Normalized">Its comparison form, the one the token is bound to.</param>
/// <param name="Verdict">The verdict when the token was issued.</param>
/// <param name="Reason">The reason when the token was issued.</param>
/// <param name="Flags">Disposable, role and free flags.</param>
/// <param name="Key">The name of the publishable key the answer was given to.</param>
/// <param name="IssuedAt">When.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
[ApiSchema("TokenConfirmation")]
public sealed record TokenConfirmation(string Email, string Normalized, Verdict Verdict, Reason Reason, RiskFlags Flags, string Key, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
