using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Verifier.Api.Tokens;

/// <summary>
/// The keys tokens are signed and checked with. Each configured secret is split by HKDF-SHA256 into a signature key
/// and an address key, so the address digest inside a token and its signature never share a key.
/// </summary>
internal sealed class TokenKeyRing
{
    /// <summary>HKDF <c>info</c> of the key that signs tokens.</summary>
    public static readonly byte[] SignatureInfo = Encoding.ASCII.GetBytes("verifier token v1 signature");

    /// <summary>HKDF <c>info</c> of the key that hashes the address bound into a token.</summary>
    public static readonly byte[] AddressInfo = Encoding.ASCII.GetBytes("verifier token v1 address");

    public TokenKeyRing(IOptions<TokenOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value;
        if (TokenOptions.Decode(configured.SigningKey) is { } current)
        {
            Keys = [TokenKey.Derive(current), .. configured.PreviousSigningKeys.Select(k => TokenKey.Derive(TokenOptions.Decode(k)!))];
        }
        else if (environment.IsDevelopment())
        {
            Keys = [TokenKey.Derive(RandomNumberGenerator.GetBytes(TokenOptions.MinKeyBytes))];
            Ephemeral = true;
        }
        else
        {
            Keys = [];
        }
    }

    /// <summary>False when no key is configured outside Development: answers carry no token.</summary>
    public bool Enabled => Keys.Count > 0;

    /// <summary>True when the key is this process's own random one (Development without a configured key).</summary>
    public bool Ephemeral { get; }

    /// <summary>The signing key first, then the previous ones.</summary>
    public IReadOnlyList<TokenKey> Keys { get; }
}

/// <summary>The two keys derived from one configured secret.</summary>
internal sealed record TokenKey(byte[] Signature, byte[] Address)
{
    public static TokenKey Derive(byte[] secret) => new(
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: TokenKeyRing.SignatureInfo),
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: TokenKeyRing.AddressInfo));
}
