using System.Net;
using System.Text;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Bounces;

public sealed class BouncesApiTests(DefaultApplication application) : IClassFixture<DefaultApplication>
{
    private const string Dsn = """
        From: MAILER-DAEMON@mx.example.test
        To: sender@example.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.test

        Final-Recipient: rfc822; bob@example.test
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 <bob@example.test>: Recipient address rejected: User unknown

        --b1--
        """;

    private HttpClient Client => application.Client;

    [Theory]
    [InlineData("550 5.1.1 <bob@x.test>: Recipient address rejected: User unknown", "mailbox_not_found", "suppress", "permanent")]
    [InlineData("452 4.2.2 The email account that you tried to reach is over quota", "mailbox_full", "retry_later", "temporary")]
    [InlineData("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", "spam_block", "fix_configuration", "permanent")]
    [InlineData("550 5.7.26 This mail has been blocked because the sender is unauthenticated", "auth_failure", "fix_configuration", "permanent")]
    public async Task Reply_lines_are_classified(string line, string reason, string action, string @class)
    {
        var body = await PostAsync(line, "text/plain");

        Assert.Equal(reason, body.Str("reason"));
        Assert.Equal(action, body.Str("action"));
        Assert.Equal(@class, body.Str("class"));
    }

    [Fact]
    public async Task A_delivery_status_report_gives_its_recipient()
    {
        var body = await PostAsync(Dsn, "message/rfc822");

        Assert.Equal("bob@example.test", body.Str("recipient"));
        Assert.Equal("5.1.1", body.Str("enhancedCode"));
        Assert.Equal("550", body.Str("code"));
        Assert.Equal("suppress", body.Str("action"));
        Assert.Equal(1, body.GetProperty("recipients").GetArrayLength());
    }

    [Fact]
    public async Task Wrong_content_type_empty_and_oversized_bodies_are_problems()
    {
        using var json = await Client.PostAsync(new Uri("/v1/bounces/classify", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        using var empty = await Client.PostAsync(new Uri("/v1/bounces/classify", UriKind.Relative), new StringContent("  ", Encoding.UTF8, "text/plain"));
        using var huge = await Client.PostAsync(new Uri("/v1/bounces/classify", UriKind.Relative), new StringContent(new string('x', 2 * 1024 * 1024), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.All([json, empty, huge], r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    private async Task<System.Text.Json.JsonElement> PostAsync(string text, string mediaType)
    {
        using var response = await Client.PostAsync(new Uri("/v1/bounces/classify", UriKind.Relative), new StringContent(text, Encoding.UTF8, mediaType));
        return await HttpJson.ReadAsync(response);
    }
}
