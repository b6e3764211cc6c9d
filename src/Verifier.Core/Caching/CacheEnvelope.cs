using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Verifier.Core.Caching;

/// <summary>
/// The bytes stored for one cache entry: a two-byte header (magic <c>'V'</c>, format version), the absolute
/// expiry as big-endian Unix milliseconds, then the value as UTF-8 JSON. A value that does not start with
/// the current header, or whose JSON does not read, is not an entry: it is ignored and later overwritten.
/// </summary>
internal static class CacheEnvelope
{
    public const byte Magic = (byte)'V';

    /// <summary>Raised whenever the stored shape of a value changes incompatibly.</summary>
    public const byte FormatVersion = 1;

    private const int HeaderLength = 2 + sizeof(long);

    public static byte[] Write<T>(T value, DateTimeOffset expiresAt, JsonTypeInfo<T> typeInfo)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var bytes = new byte[HeaderLength + json.Length];
        bytes[0] = Magic;
        bytes[1] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), expiresAt.ToUnixTimeMilliseconds());
        json.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    public static bool TryRead<T>(ReadOnlySpan<byte> bytes, JsonTypeInfo<T> typeInfo, out T? value, out DateTimeOffset expiresAt)
        where T : class
    {
        value = null;
        expiresAt = default;
        if (bytes.Length <= HeaderLength || bytes[0] != Magic || bytes[1] != FormatVersion)
        {
            return false;
        }

        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
        if (milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize(bytes[HeaderLength..], typeInfo);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return value is not null;
    }
}
