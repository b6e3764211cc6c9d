using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifier.Api.Tests.Tokens;

/// <summary>
/// The token scheme computed here from its description (README, "Verification tokens") with the framework's own
/// primitives, never with the service's code: HKDF-SHA256 subkeys of the configured secret, HMAC-SHA256 over
/// "v1." + base64url(payload), base64url(HMAC of the normalised address) in the payload.
/// </summary>
public static class TokenOracle
{
    public static byte[] SignatureKey(byte[] secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, [], Encoding.ASCII.GetBytes("verifier token v1 signature"));

    public static byte[] AddressKey(byte[] secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, [], Encoding.ASCII.GetBytes("verifier token v1 address"));

    public static string AddressDigest(byte[] secret, string normalized) =>
        Base64Url(HMACSHA256.HashData(AddressKey(secret), Encoding.UTF8.GetBytes(normalized)));

    /// <summary>True when the token's signature is the HMAC of its first two parts under <paramref name="secret"/>.</summary>
    public static bool IsSignedWith(string token, byte[] secret)
    {
        var parts = token.Split('.');
        var expected = Base64Url(HMACSHA256.HashData(SignatureKey(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        return parts.Length == 3 && parts[2] == expected;
    }

    public static JsonObject Payload(string token) =>
        JsonNode.Parse(FromBase64Url(token.Split('.')[1]))!.AsObject();

    /// <summary>A token with <paramref name="payload"/>, signed with <paramref name="secret"/>.</summary>
    public static string Sign(JsonObject payload, byte[] secret)
    {
        var signed = "v1." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signed + "." + Base64Url(HMACSHA256.HashData(SignatureKey(secret), Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>The token with its payload replaced and its signature kept: what an attacker who cannot sign can make.</summary>
    public static string WithPayload(string token, JsonObject payload)
    {
        var parts = token.Split('.');
        return parts[0] + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString(new JsonSerializerOptions()))) + "." + parts[2];
    }

    /// <summary>The name a key goes by: kind, '-', 12 hex digits of SHA-256(SHA-256(key)).</summary>
    public static string KeyName(string kind, string key) =>
        kind + "-" + Convert.ToHexStringLower(SHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(key))))[..12];

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }
}
