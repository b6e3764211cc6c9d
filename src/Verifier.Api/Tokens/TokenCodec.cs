using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Verifier.Api.Tokens;

/// <summary>
/// The token format: <c>v1.</c> base64url(payload JSON) <c>.</c> base64url(HMAC-SHA256 of everything before the second
/// dot, under the signature key). The format is the service's own: sites confirm tokens through the API, never parse them.
/// </summary>
internal static class TokenCodec
{
    public const string Version = "v1";

    /// <summary>Longer tokens are refused before any work: a real one is about 250 characters.</summary>
    public const int MaxLength = 1024;

    public static string Encode(TokenPayload payload, TokenKey key)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, TokenJsonContext.Default.TokenPayload);
        var signed = Version + "." + Base64Url.EncodeToString(json);
        var signature = HMACSHA256.HashData(key.Signature, Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// The payload of a token signed by one of <paramref name="keys"/> and the key that signed it (whose address key
    /// made its address digest), or null when the token is malformed or altered.
    /// </summary>
    public static (TokenPayload Payload, TokenKey Key)? Read(string token, IReadOnlyList<TokenKey> keys)
    {
        if (token.Length > MaxLength || token.Split('.') is not [Version, var body, var mac] || !Base64Url.IsValid(body) || !Base64Url.IsValid(mac))
        {
            return null;
        }

        var presented = Base64Url.DecodeFromChars(mac);
        var signed = Encoding.ASCII.GetBytes(Version + "." + body);
        TokenKey? signer = null;
        foreach (var key in keys)
        {
            var equal = CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key.Signature, signed), presented);
            signer ??= equal ? key : null;
        }

        if (signer is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(Base64Url.DecodeFromChars(body), TokenJsonContext.Default.TokenPayload) is { Key: not null, Address: not null, Verdict: not null, Reason: not null } payload
                ? (payload, signer)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The digest that binds a normalised address into a token.</summary>
    public static string AddressDigest(string normalized, TokenKey key) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key.Address, Encoding.UTF8.GetBytes(normalized)));
}
