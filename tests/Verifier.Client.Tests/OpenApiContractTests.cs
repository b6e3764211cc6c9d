using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Verifier.Client.Tests;

/// <summary>
/// The client against <c>openapi/openapi.json</c>, the document the API serves (its own test keeps the two equal): every
/// operation has a client method, every method names a real operation, and every client model has the properties of
/// its schema, by JSON name and type, and every enum its values.
/// </summary>
public sealed class OpenApiContractTests
{
    /// <summary>Schemas no client type mirrors, and why.</summary>
    private static readonly Dictionary<string, string> NotMirrored = new()
    {
        ["ProblemDetails"] = "read as HttpValidationProblemDetails, its superset, into VerifierProblemException",
        ["JobProgressSseItem"] = "the event envelope: WatchJobAsync yields the JobProgress inside",
    };

    private static readonly JsonObject Document = LoadDocument();

    private static JsonObject Schemas => Document["components"]!["schemas"]!.AsObject();

    [Fact]
    public void Every_operation_of_the_document_has_a_client_method_and_every_method_a_real_operation()
    {
        var documented = Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Method: op.Key.ToUpperInvariant(), Path: path.Key, Id: (string)op.Value!["operationId"]!)))
            .ToList();
        var mapped = ClientOperations().ToList();

        foreach (var (method, path, id) in documented)
        {
            Assert.True(mapped.Any(m => m.Attribute.OperationId == id), $"{method} {path} ({id}) has no method on IVerifierClient.");
        }

        foreach (var (member, attribute) in mapped)
        {
            Assert.True(
                documented.Contains((attribute.Method, attribute.Path, attribute.OperationId)),
                $"IVerifierClient.{member.Name} says it calls {attribute.Method} {attribute.Path} ({attribute.OperationId}), which the document does not have.");
        }
    }

    [Fact]
    public void Every_schema_of_the_document_is_mirrored_by_a_client_type_or_said_why_not()
    {
        var mirrored = SchemaTypes().Select(t => t.Schema).ToHashSet();

        foreach (var (name, _) in Schemas)
        {
            Assert.True(mirrored.Contains(name) || NotMirrored.ContainsKey(name), $"Schema {name} has no client type ([ApiSchema(\"{name}\")]).");
        }
    }

    [Fact]
    public void Client_models_have_their_schemas_properties_by_name_and_type()
    {
        foreach (var (type, name) in SchemaTypes())
        {
            var schema = Schemas[name]?.AsObject();
            Assert.True(schema is not null, $"{type.Name} mirrors schema {name}, which the document does not have.");
            if (type.IsEnum)
            {
                var values = schema!["enum"]!.AsArray().Select(v => (string)v!).ToHashSet();
                var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)).ToHashSet();
                Assert.True(values.SetEquals(names), $"{type.Name}: the document has [{string.Join(", ", values.Order())}], the client [{string.Join(", ", names.Order())}].");
                continue;
            }

            var properties = schema!["properties"]!.AsObject();
            var info = VerifierJson.Options.GetTypeInfo(type);
            var client = info.Properties.Where(p => p.Get is not null).ToDictionary(p => p.Name);
            var missing = properties.Select(p => p.Key).Except(client.Keys).ToList();
            var extra = client.Keys.Except(properties.Select(p => p.Key)).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0, $"{type.Name} ↔ {name}: missing [{string.Join(", ", missing)}], not in the document [{string.Join(", ", extra)}].");
            foreach (var (property, node) in properties)
            {
                var problem = Mismatch(node!.AsObject(), client[property]);
                Assert.True(problem is null, $"{type.Name}.{property}: {problem}");
            }
        }
    }

    /// <summary>Why a client property cannot hold what the schema says, or null when it can.</summary>
    private static string? Mismatch(JsonObject schema, JsonPropertyInfo property)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var nullable = Nullable.GetUnderlyingType(type) is not null || !type.IsValueType;
        if (schema["$ref"] is { } reference)
        {
            var target = ((string)reference!).Split('/')[^1];
            return underlying.GetCustomAttribute<ApiSchemaAttribute>()?.Name == target
                ? null
                : $"the document refers to {target}, the client has {type.Name}";
        }

        if ((bool?)schema["nullable"] == true && !nullable)
        {
            return $"the document allows null, {type.Name} cannot hold it";
        }

        return (string?)schema["type"] switch
        {
            "string" when (string?)schema["format"] == "date-time" => underlying == typeof(DateTimeOffset) ? null : "a date-time should be a DateTimeOffset",
            "string" => underlying == typeof(string) ? null : $"a string, the client has {type.Name}",
            "integer" when (string?)schema["format"] == "int64" => underlying == typeof(long) ? null : $"an int64, the client has {type.Name}",
            "integer" => underlying == typeof(int) || underlying == typeof(long) ? null : $"an integer, the client has {type.Name}",
            "number" => underlying == typeof(double) ? null : $"a number, the client has {type.Name}",
            "boolean" => underlying == typeof(bool) ? null : $"a boolean, the client has {type.Name}",
            "array" => type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && ElementMatches(schema["items"]!.AsObject(), type.GetGenericArguments()[0])
                ? null
                : $"an array of {schema["items"]}, the client has {type.Name}",
            "object" => type.IsGenericType && type.GetGenericArguments() is [var key, _] && key == typeof(string) ? null : $"a map, the client has {type.Name}",
            var other => $"an unexpected schema type {other}",
        };
    }

    private static bool ElementMatches(JsonObject items, Type element) => (string?)items["$ref"] is { } reference
        ? element.GetCustomAttribute<ApiSchemaAttribute>()?.Name == reference.Split('/')[^1]
        : (string?)items["type"] == "string" && element == typeof(string);

    private static IEnumerable<(MethodInfo Member, ApiOperationAttribute Attribute)> ClientOperations() =>
        typeof(IVerifierClient).GetMethods()
            .Select(m => (m, m.GetCustomAttribute<ApiOperationAttribute>()))
            .Where(pair => pair.Item2 is not null)
            .Select(pair => (pair.m, pair.Item2!));

    private static IEnumerable<(Type Type, string Schema)> SchemaTypes() =>
        typeof(IVerifierClient).Assembly.GetTypes()
            .Select(t => (t, t.GetCustomAttribute<ApiSchemaAttribute>()?.Name))
            .Where(pair => pair.Name is not null)
            .Select(pair => (pair.t, pair.Name!));

    private static JsonObject LoadDocument()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Verifier.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Verifier.sln not found above " + AppContext.BaseDirectory), "openapi", "openapi.json");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }
}
