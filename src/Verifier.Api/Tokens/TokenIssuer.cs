using Microsoft.Extensions.Options;
using Verifier.Api.Security;
using Verifier.Core.Verification;

namespace Verifier.Api.Tokens;

/// <summary>Signs the token an answer to a publishable key (or to anyone, when the API is open) carries.</summary>
internal sealed class TokenIssuer(TokenKeyRing ring, IOptions<TokenOptions> options, TimeProvider clock)
{
    /// <summary>The key name a token for this caller is issued to; null when the caller gets no token (secret keys, or tokens off).</summary>
    public string? AudienceOf(ApiCaller? caller) => ring.Enabled
        ? caller switch
        {
            { Kind: ApiCallerKind.Publishable, Id: { } name } => name,
            { Kind: ApiCallerKind.Open } => TokenBindings.OpenKeyName,
            _ => null,
        }
        : null;

    /// <summary>A token for <paramref name="result"/>, which must have a normalised address.</summary>
    public string Issue(VerificationResult result, string keyName)
    {
        ArgumentNullException.ThrowIfNull(result);
        var key = ring.Keys[0];
        var now = clock.GetUtcNow();
        var flags = (result.Flags.Disposable ? 1 : 0) | (result.Flags.Role ? 2 : 0) | (result.Flags.Free ? 4 : 0);
        var payload = new TokenPayload(
            keyName,
            TokenCodec.AddressDigest(result.Normalized!, key),
            TokenVocabulary.Name(result.Verdict),
            TokenVocabulary.Name(result.Reason),
            flags,
            now.ToUnixTimeSeconds(),
            (now + options.Value.Lifetime).ToUnixTimeSeconds());
        return TokenCodec.Encode(payload, key);
    }
}
