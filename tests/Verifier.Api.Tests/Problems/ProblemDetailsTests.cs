using System.Net;
using System.Text;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Problems;

/// <summary>Every bad request is a 4xx with RFC 9457 problem details and a stable type, never a 5xx.</summary>
public sealed class ProblemDetailsTests(DefaultApplication application) : IClassFixture<DefaultApplication>
{
    private HttpClient Client => application.Client;

    [Theory]
    [InlineData("/v1/verify", "urn:verifier:problem:validation", "email")]
    [InlineData("/v1/verify?email=", "urn:verifier:problem:validation", "email")]
    [InlineData("/v1/verify?email=a@b.test&timeoutMs=5", "urn:verifier:problem:validation", "timeoutMs")]
    [InlineData("/v1/verify?email=a@b.test&timeoutMs=-1", "urn:verifier:problem:validation", "timeoutMs")]
    [InlineData("/v1/verify?email=a@b.test&timeoutMs=99999999", "urn:verifier:problem:validation", "timeoutMs")]
    public async Task Invalid_query_values_are_validation_problems(string uri, string type, string field)
    {
        using var response = await Client.GetAsync(new Uri(uri, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/v1/verify?email=a@b.test&smtp=maybe")]
    [InlineData("/v1/verify?email=a@b.test&timeoutMs=abc")]
    [InlineData("/v1/verify?email=a@b.test&timeoutMs=99999999999999999999")]
    [InlineData("/v1/verify?email=a@b.test&refresh=2")]
    public async Task Unbindable_query_values_are_bad_requests(string uri)
    {
        using var response = await Client.GetAsync(new Uri(uri, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("urn:verifier:problem:bad-request", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("{bad json", "application/json")]
    [InlineData("{\"email\": 12}", "application/json")]
    [InlineData("{\"email\": \"a@b.test\", \"timeoutMs\": \"soon\"}", "application/json")]
    [InlineData("[1,2,3]", "application/json")]
    [InlineData("", "application/json")]
    public async Task Malformed_bodies_are_bad_requests(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await Client.PostAsync(new Uri("/v1/verify", UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("urn:verifier:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        using var content = new StringContent("email=a@b.test", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await Client.PostAsync(new Uri("/v1/verify", UriKind.Relative), content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("urn:verifier:problem:unsupported-media-type", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_overlong_email_is_a_validation_problem()
    {
        var email = new string('a', 5000) + "@b.test";
        var problem = await ProblemAsync(
            await Client.PostAsync(new Uri("/v1/verify", UriKind.Relative), new StringContent(JsonSerializer.Serialize(new { email }), Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Unknown_routes_are_404_problems()
    {
        using var response = await Client.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("urn:verifier:problem:not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_405_problem()
    {
        using var response = await Client.DeleteAsync(new Uri("/v1/verify", UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("urn:verifier:problem:method-not-allowed", problem.GetProperty("type").GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            return problem;
        }
    }
}
