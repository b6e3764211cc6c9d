using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Verifier.Api.Security;

/// <summary>
/// The configured keys as SHA-256 digests. A presented key is hashed once and compared with every configured
/// digest by <see cref="CryptographicOperations.FixedTimeEquals"/>, without stopping at a match.
/// </summary>
internal sealed class ApiKeyStore
{
    private readonly byte[][] _secrets;
    private readonly string[] _secretNames;
    private readonly byte[][] _publishableDigests;
    private readonly PublishableKey[] _publishable;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        _secrets = [.. auth.ApiKeys.Select(ApiKeyDigest.FromConfigured)];
        _secretNames = [.. _secrets.Select(digest => ApiKeyDigest.Name("secret", digest))];
        _publishableDigests = [.. auth.PublishableKeys.Select(k => ApiKeyDigest.FromConfigured(k.Key!))];
        _publishable = [.. auth.PublishableKeys.Select((k, i) => new PublishableKey(
            ApiKeyDigest.Name("publishable", _publishableDigests[i]),
            k.Origins.Select(o => PublishableKeyOptions.TryNormalizeOrigin(o, out var origin) ? origin : o).ToHashSet(StringComparer.Ordinal)))];
        PublishableOrigins = _publishable.SelectMany(k => k.Origins).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True when no key is configured: anyone may call the API.</summary>
    public bool IsOpen => _secrets.Length == 0 && _publishable.Length == 0;

    /// <summary>Every origin some publishable key may be used from (normalised).</summary>
    public IReadOnlySet<string> PublishableOrigins { get; }

    /// <summary>The name of the secret key with this digest (<see cref="ApiKeyDigest.Name"/>), or null.</summary>
    public string? FindSecret(ReadOnlySpan<byte> digest)
    {
        var index = IndexOf(digest, _secrets);
        return index < 0 ? null : _secretNames[index];
    }

    /// <summary>The publishable key with this digest, or null.</summary>
    public PublishableKey? FindPublishable(ReadOnlySpan<byte> digest)
    {
        var index = IndexOf(digest, _publishableDigests);
        return index < 0 ? null : _publishable[index];
    }

    private static int IndexOf(ReadOnlySpan<byte> digest, byte[][] candidates)
    {
        var found = -1;
        for (var i = 0; i < candidates.Length; i++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(digest, candidates[i]);
            found = equal && found < 0 ? i : found;
        }

        return found;
    }
}

/// <summary>A publishable key: its name in logs and partitions, and the origins it may be used from.</summary>
internal sealed record PublishableKey(string Id, IReadOnlySet<string> Origins);
