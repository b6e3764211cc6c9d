using System.Text;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Security;

/// <summary>
/// No input reaches the SMTP server as an extra command: every ASCII control character, and CR LF smuggled by
/// percent-encoding, JSON escapes or a quoted local part, is answered as invalid_syntax (200) through GET and POST,
/// and the recording SMTP server on loopback sees only the commands of the probes of valid addresses.
/// </summary>
public sealed class SmtpInjectionTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private static readonly string[] ProbeVerbs = ["EHLO", "HELO", "MAIL", "RCPT", "QUIT"];

    public static TheoryData<int> ControlCharacters()
    {
        var data = new TheoryData<int>();
        for (var c = 0; c <= 0x1F; c++)
        {
            data.Add(c);
        }

        data.Add(0x7F);
        return data;
    }

    public static TheoryData<string> Smuggled => new()
    {
        "\"a\r\nRSET\"@ok.test",
        "a\r\nRCPT TO:<x@y>@ok.test",
        "alice@ok.test\r\nRCPT TO:<victim@ok.test>",
        "alice@ok.test\nDATA",
        "alice@ok.test\rQUIT",
        "a%0d%0aRCPT TO:<x@y>@ok.test",
        "\"a%0d%0aRSET\"@ok.test ",
        "alice@ok.test>\r\nRSET",
        "<alice@ok.test>",
        "alice@ok.test> NOTIFY=NEVER",
        "alice@ok.test SIZE=1",
        "\"a\\\r\nRSET\"@ok.test",
        "\"a\\\nb\"@ok.test",
        "a\u0085RSET@ok.test",
        "a\u2028RSET@ok.test",
        "a\u2029RSET@ok.test",
        "alice@ok.test\u0000",
        "\u0000alice@ok.test",
        "alice@[127.0.0.1]\r\nRSET",
        "alice@[IPv6:::1\r\n]",
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public async Task Every_control_character_is_invalid_syntax_and_never_reaches_smtp(int code)
    {
        var c = (char)code;
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var sessions = world.Smtp.SessionCount;

        foreach (var email in new[] { $"a{c}b@ok.test", $"{c}alice@ok.test", $"alice@ok.test{c}", $"alice@ok{c}.test", $"\"a{c}b\"@ok.test", $"\"a\\{c}b\"@ok.test", $"alice@[127.0.0.{c}1]" })
        {
            await AssertInvalidAsync(client, email);
        }

        Assert.Equal(sessions, world.Smtp.SessionCount);
    }

    [Theory]
    [MemberData(nameof(Smuggled))]
    public async Task Smuggled_line_breaks_are_invalid_syntax_and_never_reach_smtp(string email)
    {
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var sessions = world.Smtp.SessionCount;

        await AssertInvalidAsync(client, email);

        Assert.Equal(sessions, world.Smtp.SessionCount);
    }

    [Fact]
    public async Task Percent_encoded_line_breaks_in_a_raw_query_string_are_invalid_syntax()
    {
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var sessions = world.Smtp.SessionCount;

        foreach (var raw in new[] { "a%0d%0aRCPT%20TO:%3Cx@y%3E@ok.test", "alice@ok.test%0D%0ARSET", "alice%00@ok.test", "alice@ok.test%0aDATA" })
        {
            var result = await client.GetJsonAsync("/v1/verify?refresh=true&email=" + raw);
            Assert.Equal("invalid_syntax", result.Str("reason"));
        }

        Assert.Equal(sessions, world.Smtp.SessionCount);
    }

    [Theory]
    [InlineData("\"a b RSET\"@ok.test")]
    [InlineData("\"RCPT TO:<x@y>\"@ok.test")]
    [InlineData("\"a\\\"b\"@ok.test")]
    [InlineData("a%0d%0aRSET@ok.test")]
    public async Task A_valid_but_odd_address_goes_out_as_exactly_one_rcpt_line(string email)
    {
        await using var app = SecurityWorld.App(world.Settings());
        using var client = app.CreateClient();
        var before = world.Smtp.Sessions.Count;

        using var response = await client.PostAsync(
            new Uri("/v1/verify", UriKind.Relative),
            ApiKeyTests.JsonContent(System.Text.Json.JsonSerializer.Serialize(new { email, refresh = true })));
        var result = await HttpJson.ReadAsync(response);

        Assert.NotEqual("invalid_syntax", result.Str("reason"));
        var sessions = world.Smtp.Sessions.Skip(before).ToList();
        Assert.NotEmpty(sessions);
        foreach (var session in sessions)
        {
            Assert.All(session.Commands, verb => Assert.Contains(verb, ProbeVerbs));
            Assert.InRange(session.Commands.Count(verb => verb == "RCPT"), 1, 2);
            Assert.Single(session.Commands, verb => verb == "MAIL");
        }
    }

    private static async Task AssertInvalidAsync(HttpClient client, string email)
    {
        var viaGet = await client.GetJsonAsync("/v1/verify?refresh=true&email=" + Uri.EscapeDataString(email));
        Assert.Equal("invalid_syntax", viaGet.Str("reason"));

        var json = System.Text.Json.JsonSerializer.Serialize(new { email, refresh = true });
        using var response = await client.PostAsync(new Uri("/v1/verify", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        var viaPost = await HttpJson.ReadAsync(response);
        Assert.Equal("invalid_syntax", viaPost.Str("reason"));
    }
}
