using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Verifier.Api.Tests.Security;

/// <summary>Bad input never hurts: malformed, oversized, mistyped or hostile requests get a 4xx with problem details (or a verdict), never a 5xx.</summary>
public sealed class HostileInputTests(HostileInputTests.Fixture fixture) : IClassFixture<HostileInputTests.Fixture>
{
    public static TheoryData<string> MalformedJson => new()
    {
        "{\"email\":",
        "{\"email\":\"a@ok.test\",}",
        "{'email':'a@ok.test'}",
        "{\"email\":\"a@ok.test\"} trailing",
        "{\"email\":\"a@ok.test\"}{\"email\":\"b@ok.test\"}",
        "{\"email\":NaN}",
        "{\"email\":\"\\uD800\"}",
        "{\"email\":\"\\u12\"}",
        "{\"email\":[\"a@ok.test\"]}",
        "{\"email\":{\"$ref\":\"x\"}}",
        "{\"email\":\"a@ok.test\",\"smtp\":\"yes\"}",
        "{\"email\":\"a@ok.test\",\"smtp\":1}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":1e400}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":-99999999999}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":9223372036854775808}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":1.5}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":-1}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":2147483647}",
        "{\"email\":\"a@ok.test\",\"timeoutMs\":true}",
        "null",
        "\"a@ok.test\"",
        "42",
        "\u00EF\u00BB\u00BF",
        "{\"email\":\"a@ok.test\"" + new string(' ', 1000),
    };

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Malformed_json_is_a_4xx_problem(string body)
    {
        using var response = await PostAsync(Encoding.UTF8.GetBytes(body), "application/json");

        await AssertClientErrorAsync(response);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(10_000)]
    public async Task Deeply_nested_json_is_a_4xx_problem(int depth)
    {
        var body = "{\"email\":\"a@ok.test\",\"x\":" + new string('[', depth) + new string(']', depth) + "}";
        var nestedEmail = "{\"email\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}";

        using var first = await PostAsync(Encoding.UTF8.GetBytes(body), "application/json");
        using var second = await PostAsync(Encoding.UTF8.GetBytes(nestedEmail), "application/json");

        Assert.True((int)first.StatusCode < 500, first.StatusCode.ToString());
        await AssertClientErrorAsync(second);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_json_body_is_a_4xx_problem()
    {
        byte[] body = [.. "{\"email\":\"a"u8, 0xFF, 0xFE, 0xC0, 0x80, .. "@ok.test\"}"u8];

        using var response = await PostAsync(body, "application/json");

        await AssertClientErrorAsync(response);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/octet-stream")]
    [InlineData("text/csv")]
    [InlineData("application/json; charset=klingon")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("completely invalid")]
    [InlineData(null)]
    public async Task A_wrong_content_type_is_never_a_5xx(string? contentType)
    {
        using var response = await PostAsync("{\"email\":\"not-an-address\"}"u8.ToArray(), contentType);

        if ((int)response.StatusCode >= 400)
        {
            await AssertClientErrorAsync(response);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task A_10_MB_body_is_413(string contentType)
    {
        var body = Encoding.UTF8.GetBytes("{\"email\":\"" + new string('a', 10 * 1024 * 1024) + "\"}");

        using var response = await PostAsync(body, contentType);

        var problem = await AssertClientErrorAsync(response);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("/v1/verify?email=%FF%FE@ok.test")]
    [InlineData("/v1/verify?email=%C0%80@ok.test")]
    [InlineData("/v1/verify?email=%ED%A0%80@ok.test")]
    [InlineData("/v1/verify?email=a@ok.test&timeoutMs=-2147483649")]
    [InlineData("/v1/verify?email=a@ok.test&timeoutMs=1e10")]
    [InlineData("/v1/verify?email=a@ok.test&timeoutMs=0x10")]
    [InlineData("/v1/verify?email=a@ok.test&smtp=")]
    [InlineData("/v1/verify?email=a@ok.test&email=b@ok.test")]
    [InlineData("/v1/verify?email[]=a@ok.test")]
    [InlineData("/v1/verify?%00=1&email=x")]
    [InlineData("/v1/verify/%2e%2e/%2e%2e/health/live")]
    [InlineData("/v1/verify?email=%")]
    public async Task Odd_query_strings_are_never_a_5xx(string uri)
    {
        using var response = await fixture.Client.GetAsync(new Uri(uri, UriKind.Relative));

        if ((int)response.StatusCode >= 400)
        {
            await AssertClientErrorAsync(response);
        }
    }

    [Fact]
    public async Task A_huge_query_value_is_a_validation_problem()
    {
        using var response = await fixture.Client.GetAsync(new Uri("/v1/verify?email=" + new string('a', 100_000) + "@ok.test", UriKind.Relative));

        var problem = await AssertClientErrorAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using (content)
        {
            return await fixture.Client.PostAsync(new Uri("/v1/verify", UriKind.Relative), content);
        }
    }

    private static async Task<JsonElement> AssertClientErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.StartsWith("urn:verifier:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        return problem;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private WebApplicationFactory<Program> _app = null!;

        public SecurityWorld World { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await World.InitializeAsync();
            _app = SecurityWorld.App(World.Settings());
            Client = _app.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
            await World.DisposeAsync();
        }
    }
}
