using Verifier.Core.Classification;
using Verifier.Core.Syntax;

namespace Verifier.Api.Tokens;

/// <summary>
/// Checks a token for a caller, in an order that tells a caller nothing about tokens that are not its own: signature,
/// then the key's tenant, then expiry, then the address.
/// </summary>
internal sealed class TokenConfirmer(TokenKeyRing ring, TokenBindings bindings, TimeProvider clock)
{
    /// <summary>Tokens issued further in the future than this (clocks of instances disagreeing) are refused.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public bool Enabled => ring.Enabled;

    /// <param name="callerName">The secret key's name; null when the API is open.</param>
    public TokenCheck Confirm(string token, string email, string? callerName)
    {
        if (TokenCodec.Read(token.Trim(), ring.Keys) is not var (payload, key)
            || !TokenVocabulary.TryParse<Verdict>(payload.Verdict, out var verdict)
            || !TokenVocabulary.TryParse<Reason>(payload.Reason, out var reason))
        {
            return TokenCheck.Refused(TokenRefusal.Invalid);
        }

        if (!bindings.MayConfirm(callerName, payload.Key))
        {
            return TokenCheck.Refused(TokenRefusal.ForeignKey);
        }

        var now = clock.GetUtcNow();
        var issued = DateTimeOffset.FromUnixTimeSeconds(payload.IssuedAt);
        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt);
        if (issued > now + ClockSkew)
        {
            return TokenCheck.Refused(TokenRefusal.Invalid);
        }

        if (expires <= now)
        {
            return TokenCheck.Refused(TokenRefusal.Expired, expires);
        }

        if (!EmailSyntax.TryParse(email.Trim(), out var address, out _)
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(TokenCodec.AddressDigest(address.ComparisonKey, key)),
                System.Text.Encoding.ASCII.GetBytes(payload.Address)))
        {
            return TokenCheck.Refused(TokenRefusal.AddressMismatch);
        }

        return new TokenCheck(
            new TokenConfirmation(email, address.ComparisonKey, verdict, reason, TokenVocabulary.Flags(payload.Flags), payload.Key, issued, expires),
            null,
            null);
    }
}

/// <summary>A confirmation, or why there is none.</summary>
internal sealed record TokenCheck(TokenConfirmation? Confirmation, TokenRefusal? Refusal, DateTimeOffset? ExpiredAt)
{
    public static TokenCheck Refused(TokenRefusal refusal, DateTimeOffset? expiredAt = null) => new(null, refusal, expiredAt);
}
