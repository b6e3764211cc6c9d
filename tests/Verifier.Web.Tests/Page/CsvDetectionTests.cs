using System.Text.Json;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Page;

/// <summary>
/// The page's own CSV reading (wwwroot/js/csv.js), run in Chromium on the cases the server's detection is tested
/// with (tests/Verifier.Core.Tests/Jobs/CsvDetectionTests.cs), so the column shown before upload is the one the
/// server would pick.
/// </summary>
[Collection(WebPageTests.Name)]
public sealed class CsvDetectionTests(WebFixture fixture)
{
    public static TheoryData<string, string> Delimiters => new()
    {
        { "name,email\nA,a@x.test\nB,b@x.test\n", "," },
        { "name;email\nA;a@x.test\nB;b@x.test\n", ";" },
        { "name\temail\nA\ta@x.test\nB\tb@x.test\n", "\t" },
        { "name;amount;email\nA;1,5;a@x.test\nB;2,25;b@x.test\n", ";" },
        { "\"Smith; J\",a@x.test,1\n\"Doe; K\",b@x.test,2\n", "," },
        { "email\na@x.test\nb@x.test\n", "," },
        { "name;email\n\"multi\nline\";a@x.test\nB;b@x.test\n", ";" },
    };

    public static TheoryData<string, bool, int> Columns => new()
    {
        { "Name,Email,Phone\nA,a@x.test,1\n", true, 1 },
        { "Name,E-Mail Address\nA,a@x.test\n", true, 1 },
        { "nombre,correo electrónico\nA,a@x.test\n", true, 1 },
        { "Name,Address,Email\nA,1 Main St,a@x.test\n", true, 2 },
        { "Name,Contact\nA,a@x.test\nB,b@x.test\n", true, 1 },
        { "A,a@x.test\nB,b@x.test\n", false, 1 },
        { "a@x.test,other@x.test\nb@x.test,\n", false, 0 },
        { "Name,Work,Home\nA,a@x.test,h@x.test\nB,,h2@x.test\n", true, 2 },
        { "Name,Phone\nA,1\nB,2\n", false, -1 },
    };

    [Theory]
    [MemberData(nameof(Delimiters))]
    public async Task Detects_the_delimiter_as_the_server_does(string text, string expected)
    {
        var result = await RunAsync("(m, text) => m.detectDelimiter(text, true)", text);
        Assert.Equal(expected, result.GetString());
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task Finds_the_header_and_the_email_column_as_the_server_does(string text, bool header, int column)
    {
        var result = await RunAsync("(m, text) => m.detectColumns(m.parseRecords(text, ',', true))", text);
        Assert.Equal(header, result.GetProperty("hasHeader").GetBoolean());
        Assert.Equal(column, result.GetProperty("emailColumn").GetInt32());
    }

    [Fact]
    public async Task Reads_quoted_fields_with_delimiters_quotes_and_line_breaks()
    {
        var result = await RunAsync(
            "(m, text) => m.parseRecords(text, ',', true)",
            "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n\nlast,row");
        string[][] expected = [["a", "b, c", "say \"hi\""], ["two\nlines", "", "x"], ["last", "row"]];
        Assert.Equal(expected, result.Deserialize<string[][]>());
    }

    [Theory]
    [InlineData(1252, true, "José;Besançon €")]
    [InlineData(65001, true, "José;Besançon €")]
    [InlineData(65001, false, "José;Besançon ")]
    public async Task Decodes_utf8_and_windows_1252_as_the_server_does(int codePage, bool isWholeFile, string expected)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var bytes = System.Text.Encoding.GetEncoding(codePage).GetBytes("José;Besançon €");
        var sample = isWholeFile ? bytes : bytes[..^1]; // the end of the sample cuts the euro sign

        var page = await fixture.ScriptPageAsync();
        var text = await page.EvaluateAsync<string>(
            "async bytes => { const m = await import('/js/csv.js'); return m.decodeSample(new Uint8Array(bytes), " + (isWholeFile ? "true" : "false") + "); }",
            sample.Select(b => (int)b).ToArray());

        Assert.Equal(expected, text);
    }

    private async Task<JsonElement> RunAsync(string function, string text)
    {
        var page = await fixture.ScriptPageAsync();
        return await page.EvaluateAsync<JsonElement>(
            $"async text => {{ const m = await import('/js/csv.js'); return ({function})(m, text); }}", text);
    }
}
