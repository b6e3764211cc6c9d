using System.Text.Json;
using System.Text.Json.Nodes;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.OpenApi;

/// <summary>
/// <c>openapi/openapi.json</c> is the document the running application serves. When the API
/// changes, regenerate it with <c>UPDATE_OPENAPI=1 ./test.sh --filter OpenApi</c> and commit it.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task The_committed_document_is_what_the_application_serves()
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>());
        using var client = app.CreateClient();
        var served = Canonical(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var path = Path.Combine(Repository.Root, "openapi", "openapi.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served + "\n");
        }

        Assert.True(File.Exists(path), $"{path} is missing: run UPDATE_OPENAPI=1 ./test.sh --filter OpenApi");
        var committed = Canonical(await File.ReadAllTextAsync(path));
        Assert.True(
            committed == served,
            "openapi/openapi.json differs from /openapi/v1.json: run UPDATE_OPENAPI=1 ./test.sh --filter OpenApi and commit the file.");
    }

    /// <summary>
    /// What Redocly's recommended rules require of the document (no-empty-servers, info-license, tag-description),
    /// checked here so that a regression shows without npm (<c>npx @redocly/cli lint openapi/openapi.json</c>).
    /// </summary>
    [Fact]
    public async Task The_document_has_servers_a_license_and_a_description_for_every_tag()
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>());
        using var client = app.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var servers = document["servers"]!.AsArray();
        Assert.NotEmpty(servers);
        Assert.All(servers, server => Assert.False(string.IsNullOrWhiteSpace((string?)server!["url"])));
        Assert.False(string.IsNullOrWhiteSpace((string?)document["info"]!["license"]?["name"]));

        var described = document["tags"]!.AsArray()
            .Where(tag => !string.IsNullOrWhiteSpace((string?)tag!["description"]))
            .Select(tag => (string)tag!["name"]!)
            .ToHashSet(StringComparer.Ordinal);
        var used = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject())
            .SelectMany(operation => operation.Value!["tags"]?.AsArray().Select(tag => (string)tag!) ?? [])
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(described));
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>());
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/swagger/index.html", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode);
    }

    private static string Canonical(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
