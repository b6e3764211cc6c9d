using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Jobs;

/// <summary>
/// What users upload by mistake (a workbook, a PDF, a picture, an archive, random bytes) is refused with a 415 that
/// says what the file looks like and what to do, whether sent as the body or as the form's file, and makes no job.
/// CSV in Windows-1252, as Excel writes it, is read as such.
/// </summary>
public sealed class UploadContentTests
{
    static UploadContentTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TheoryData<string, string> NotCsv => new()
    {
        { "xlsx", "an Excel workbook (.xlsx), not CSV text: open it in Excel and save it as CSV UTF-8" },
        { "zip", "a ZIP archive, not CSV text: extract the CSV file" },
        { "xls", "an old Excel workbook (.xls)" },
        { "pdf", "a PDF document" },
        { "png", "a PNG image" },
        { "jpeg", "a JPEG image" },
        { "gif", "a GIF image" },
        { "gzip", "a gzip-compressed file, not CSV text: decompress it" },
        { "utf16", "UTF-16 text" },
        { "nul", "binary data (it contains NUL bytes" },
        { "random", "binary data" },
    };

    [Theory]
    [MemberData(nameof(NotCsv))]
    public async Task A_file_that_is_not_csv_text_is_a_415_that_says_what_it_looks_like(string kind, string expected)
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        var file = Sample(kind);

        using var body = await JobWorld.UploadAsync(client, file);
        await AssertRefusedAsync(body, expected);

        using var form = new MultipartFormDataContent();
        using var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", "contacts." + kind);
        using var multipart = await client.PostAsync(new Uri("/v1/jobs", UriKind.Relative), form);
        await AssertRefusedAsync(multipart, expected);

        Assert.True(!Directory.Exists(world.DataDirectory) || !Directory.EnumerateDirectories(world.DataDirectory).Any());
    }

    [Fact]
    public async Task A_windows_1252_csv_is_decoded_as_such_and_its_bytes_kept()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        var windows1252 = Encoding.GetEncoding(1252);
        var upload = windows1252.GetBytes(
            "Nom;Courriel;Ville\r\n" +
            "José Müller;alice@ok.test;Besançon — « centre » 5 €\r\n" +
            "Zoë Ångström;bob@ok.test;Gießen\r\n");
        Assert.False(System.Text.Unicode.Utf8.IsValid(upload));

        using var response = await JobWorld.UploadAsync(client, upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await HttpJson.ReadAsync(response)).Str("id");
        await JobWorld.WaitForFinishAsync(client, id);

        // The rows come back byte for byte, and the added columns are written in the same code page.
        var csv = await client.GetByteArrayAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        Assert.Equal(
            windows1252.GetBytes(
                "Nom;Courriel;Ville;verdict;reason;smtp_code;smtp_enhanced_code;suggestion\r\n" +
                "José Müller;alice@ok.test;Besançon — « centre » 5 €;deliverable;accepted;250;2.1.5;\r\n" +
                "Zoë Ångström;bob@ok.test;Gießen;undeliverable;mailbox_not_found;550;5.1.1;\r\n"),
            csv);

        var json = await client.GetJsonAsync($"/v1/jobs/{id}/results?format=json");
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["José Müller", "alice@ok.test", "Besançon — « centre » 5 €"], rows[0].GetProperty("cells").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Zoë Ångström", rows[1].GetProperty("cells")[0].GetString());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal("urn:verifier:problem:unsupported-media-type", problem.Str("type"));
        Assert.Equal("Not a CSV file", problem.Str("title"));
        Assert.Contains("The file looks like " + expected, problem.Str("detail"), StringComparison.Ordinal);
    }

    /// <summary>Files as the programs that make them write them (real ZIP and gzip streams, real headers).</summary>
    private static byte[] Sample(string kind)
    {
        const string csv = "email,name\nalice@ok.test,Alice\nbob@ok.test,Bob\n";
        return kind switch
        {
            "xlsx" => Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"), ("xl/worksheets/sheet1.xml", "<worksheet/>")),
            "zip" => Zip(("contacts.csv", csv)),
            "xls" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]],
            "pdf" => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, .. new byte[64]],
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, .. new byte[64]],
            "gif" => [.. Encoding.ASCII.GetBytes("GIF89a"), 1, 0, 1, 0, 0x80, 0, 0],
            "gzip" => Gzip(csv),
            "utf16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(csv.Replace(',', '\t'))],
            "nul" => Encoding.ASCII.GetBytes("email\nalice@ok.test\0\0\0\0\nbob@ok.test\n"),
            "random" => Random(64 * 1024),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(17).NextBytes(bytes);
        return bytes;
    }
}
