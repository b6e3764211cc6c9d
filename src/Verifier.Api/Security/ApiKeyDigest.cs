using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Verifier.Api.Security;

/// <summary>Keys are held and compared as SHA-256 digests, so comparison time says nothing about a key's characters.</summary>
public static class ApiKeyDigest
{
    /// <summary>The prefix of a configured digest: <c>sha256:</c> + 64 hex digits.</summary>
    public const string HashPrefix = "sha256:";

    /// <summary>Shortest plain key accepted: shorter keys can be guessed.</summary>
    public const int MinKeyLength = 16;

    /// <summary>The digest of a key as presented by a caller.</summary>
    public static byte[] Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The digest of a configured key: a plain key is hashed, a <c>sha256:</c> value is decoded.</summary>
    public static byte[] FromConfigured(string configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return configured.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)
            ? Convert.FromHexString(configured.AsSpan(HashPrefix.Length))
            : Of(configured);
    }

    /// <summary>
    /// The name a key goes by in logs, rate-limit partitions and Redis: <paramref name="kind"/>, '-', and 12 hex digits
    /// of the SHA-256 of its digest. The same key has the same name on every instance, whatever the order of the
    /// configuration, and the name reveals neither the key nor its configured digest.
    /// </summary>
    public static string Name(string kind, ReadOnlySpan<byte> digest) =>
        kind + "-" + Convert.ToHexStringLower(SHA256.HashData(digest))[..12];

    /// <summary>What is wrong with a configured key and what to do ("problem; fix"), or null when it can be used.</summary>
    public static string? Check(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return "is empty; set a random key of at least 16 characters, or remove the entry";
        }

        if (configured.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var hex = configured[HashPrefix.Length..];
            return hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
                ? null
                : "is not a hashed key; write 'sha256:' followed by the 64 hexadecimal digits of the SHA-256 of the key";
        }

        if (configured.Any(c => c <= ' ' || c == 0x7F))
        {
            return "contains spaces or control characters, which an HTTP header cannot carry; use letters, digits and punctuation only";
        }

        return configured.Length < MinKeyLength
            ? string.Create(CultureInfo.InvariantCulture, $"is {configured.Length} characters long, too short to resist guessing; use a random key of at least {MinKeyLength} characters (e.g. openssl rand -hex 24)")
            : null;
    }
}
