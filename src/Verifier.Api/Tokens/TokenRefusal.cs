namespace Verifier.Api.Tokens;

/// <summary>Why a token was refused; each has its own problem <c>type</c>.</summary>
internal enum TokenRefusal
{
    /// <summary>Not a token this service signed (malformed, altered, or signed with an unknown key).</summary>
    Invalid,

    /// <summary>Issued for a publishable key that is not bound to the caller's tenant (or a key no longer configured).</summary>
    ForeignKey,

    /// <summary>Past its expiry time.</summary>
    Expired,

    /// <summary>Issued for another address than the one sent.</summary>
    AddressMismatch,
}

/// <summary>The problem <c>type</c> URIs of token refusals.</summary>
public static class TokenProblemTypes
{
    public const string Invalid = "urn:verifier:problem:token-invalid";
    public const string ForeignKey = "urn:verifier:problem:token-foreign-key";
    public const string Expired = "urn:verifier:problem:token-expired";
    public const string AddressMismatch = "urn:verifier:problem:token-address-mismatch";
    public const string Disabled = "urn:verifier:problem:tokens-disabled";
}
