using System.Text.Json.Serialization;

namespace Verifier.Api.Tokens;

/// <summary>
/// What a token says, as the JSON between its two dots. Short names keep the token short; the address is bound by a keyed
/// digest, so a token copied into a log or a form field does not carry the address itself.
/// </summary>
/// <param name="Key">The name of the key the answer was given to (<c>publishable-…</c>, or <c>open</c>), never the key.</param>
/// <param name="Address">Base64url HMAC-SHA256 of the normalised address under the ring's address key.</param>
/// <param name="Verdict">The verdict, snake_case.</param>
/// <param name="Reason">The reason, snake_case.</param>
/// <param name="Flags">1 disposable, 2 role, 4 free.</param>
/// <param name="IssuedAt">Unix seconds.</param>
/// <param name="ExpiresAt">Unix seconds.</param>
internal sealed record TokenPayload(
    [property: JsonPropertyName("k")] string Key,
    [property: JsonPropertyName("a")] string Address,
    [property: JsonPropertyName("v")] string Verdict,
    [property: JsonPropertyName("r")] string Reason,
    [property: JsonPropertyName("f")] int Flags,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("exp")] long ExpiresAt);

[JsonSerializable(typeof(TokenPayload))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
