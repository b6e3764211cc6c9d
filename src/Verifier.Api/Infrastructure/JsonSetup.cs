using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verifier.Api.Infrastructure;

/// <summary>camelCase properties, snake_case enum values (verdicts and reasons as DESIGN.md spells them).</summary>
internal static class JsonSetup
{
    public static IServiceCollection AddVerifierJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

        // Swashbuckle reads the MVC options to describe schemas; keep both the same.
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => Configure(options.JsonSerializerOptions));
        return services;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
