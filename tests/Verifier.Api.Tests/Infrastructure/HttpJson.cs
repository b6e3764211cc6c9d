using System.Net.Http.Json;
using System.Text.Json;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>Reads responses as JSON documents, so tests assert on the wire format, not on our own types.</summary>
public static class HttpJson
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string uri)
    {
        using var response = await client.GetAsync(new Uri(uri, UriKind.Relative));
        return await ReadAsync(response);
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string uri, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(uri, UriKind.Relative), body);
        return await ReadAsync(response);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Str(this JsonElement element, string path)
    {
        var current = element;
        foreach (var name in path.Split('.'))
        {
            current = current.GetProperty(name);
        }

        return current.ValueKind == JsonValueKind.Null ? "null" : current.ToString();
    }
}
