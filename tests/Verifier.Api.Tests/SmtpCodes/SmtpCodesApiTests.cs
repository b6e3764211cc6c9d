using System.Net;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.SmtpCodes;

public sealed class SmtpCodesApiTests(DefaultApplication application) : IClassFixture<DefaultApplication>
{
    private HttpClient Client => application.Client;

    [Theory]
    [InlineData("550", "exact", "Mailbox not found")]
    [InlineData("5.1.1", "exact", null)]
    [InlineData("421", "exact", null)]
    [InlineData("599", "class", null)]
    [InlineData("4.9.9", "class", null)]
    public async Task Codes_are_explained(string code, string match, string? title)
    {
        var body = await Client.GetJsonAsync("/v1/smtp-codes/" + code);

        Assert.Equal(match, body.Str("match"));
        Assert.False(string.IsNullOrWhiteSpace(body.Str("explanation.advice")));
        if (title is not null)
        {
            Assert.Contains(title, body.Str("explanation.title"), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5.1")]
    [InlineData("6.0.0")]
    [InlineData("55")]
    public async Task Malformed_codes_are_validation_problems(string code)
    {
        using var response = await Client.GetAsync(new Uri("/v1/smtp-codes/" + code, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("code", out _));
    }

    [Fact]
    public async Task The_list_holds_basic_and_enhanced_codes_and_can_be_narrowed()
    {
        var all = await Client.GetJsonAsync("/v1/smtp-codes");
        var basic = await Client.GetJsonAsync("/v1/smtp-codes?kind=basic");

        Assert.True(all.GetProperty("count").GetInt32() > basic.GetProperty("count").GetInt32());
        Assert.All(basic.GetProperty("codes").EnumerateArray(), c => Assert.Equal("basic", c.GetProperty("kind").GetString()));
        Assert.Contains(all.GetProperty("codes").EnumerateArray(), c => c.GetProperty("code").GetString() == "5.7.26");
    }
}
