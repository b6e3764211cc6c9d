using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verifier.Core.Jobs;

/// <summary>The wire format of progress objects outside HTTP responses (callbacks): camelCase, snake_case enums, as the API.</summary>
public static class JobWireJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>snake_case names of enum values ("mailbox_not_found"), as in the CSV columns.</summary>
    public static string SnakeCase<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
