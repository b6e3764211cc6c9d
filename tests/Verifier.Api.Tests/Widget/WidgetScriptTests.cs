using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Api.Tests.Security;

namespace Verifier.Api.Tests.Widget;

/// <summary><c>GET /widget.js</c> as a browser fetches it, and what the script may not contain to run under a strict CSP.</summary>
public sealed class WidgetScriptTests : IClassFixture<DefaultApplication>
{
    private readonly DefaultApplication _app;

    public WidgetScriptTests(DefaultApplication app) => _app = app;

    [Fact]
    public async Task The_widget_is_javascript_open_to_every_origin_and_revalidated_by_etag()
    {
        using var response = await _app.Client.GetAsync(new Uri("/widget.js", UriKind.Relative));
        using var again = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await _app.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("Verifier.attach", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task Gzipped_it_is_under_8_KB_and_decodes_to_the_same_script()
    {
        using var plain = await _app.Client.GetAsync(new Uri("/widget.js", UriKind.Relative));
        var text = await plain.Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/widget.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var gzipped = await _app.Client.SendAsync(request);
        var compressed = await gzipped.Content.ReadAsByteArrayAsync();

        Assert.Equal("gzip", gzipped.Content.Headers.ContentEncoding.Single());
        Assert.InRange(compressed.Length, 1, 8 * 1024);
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await gzip.CopyToAsync(decoded);
        Assert.Equal(text, decoded.ToArray());
    }

    [Theory]
    [InlineData("eval(")]
    [InlineData("new Function")]
    [InlineData("innerHTML")]
    [InlineData("outerHTML")]
    [InlineData("insertAdjacentHTML")]
    [InlineData("document.write")]
    [InlineData("setAttribute('style'")]
    [InlineData("setTimeout('")]
    [InlineData("import(")]
    public async Task The_script_builds_nothing_from_text_that_a_strict_csp_refuses(string construct)
    {
        var script = await _app.Client.GetStringAsync(new Uri("/widget.js", UriKind.Relative));

        Assert.DoesNotContain(construct, script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_widget_needs_no_key_and_is_outside_the_api_document()
    {
        await using var keyed = new VerifierApplication(new Dictionary<string, string?> { ["Verifier:Auth:ApiKeys:0"] = SecurityWorld.SecretKey });
        using var client = keyed.CreateClient();

        using var response = await client.GetAsync(new Uri("/widget.js", UriKind.Relative));
        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("widget.js", document, StringComparison.Ordinal);
        Assert.DoesNotContain("/demo/", document, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(document) > 0);
    }
}
