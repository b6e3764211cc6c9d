using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Verifier.Core.Dns;
using Verifier.Core.Verification;

namespace Verifier.Core.Caching;

/// <summary>Source-generated JSON for what the cache stores; enums as their names so that a reordered enum cannot change a stored value's meaning.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(IPAddressJsonConverter)])]
[JsonSerializable(typeof(VerificationResult))]
[JsonSerializable(typeof(DomainMailInfo))]
[JsonSerializable(typeof(DomainFacts))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;

/// <summary>An IP address as its text form ("192.0.2.1", "2001:db8::1").</summary>
internal sealed class IPAddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IPAddress.TryParse(reader.GetString(), out var address)
            ? address
            : throw new JsonException("Not an IP address.");

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
