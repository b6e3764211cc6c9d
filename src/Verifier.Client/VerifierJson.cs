using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verifier.Client;

/// <summary>The API's JSON: camelCase properties, snake_case enum values (<c>mailbox_not_found</c>).</summary>
public static class VerifierJson
{
    /// <summary>Options that read and write the API's JSON.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
