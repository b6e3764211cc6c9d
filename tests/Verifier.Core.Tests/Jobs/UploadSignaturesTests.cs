using System.Text;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Tests.Jobs;

public sealed class UploadSignaturesTests
{
    static UploadSignaturesTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml...xl/workbook.xml", "an Excel workbook (.xlsx)")]
    [InlineData("PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml...word/document.xml", "a Word document (.docx)")]
    [InlineData("PK\u0003\u0004\u0014\u0000\u0000\u0000mimetypeapplication/vnd.oasis.opendocument.spreadsheet content.xml", "an OpenDocument file (.ods)")]
    [InlineData("PK\u0003\u0004\u0014\u0000\u0000\u0000contacts.csv", "a ZIP archive")]
    [InlineData("%PDF-1.4\n", "a PDF document")]
    [InlineData("GIF87a\u0001\u0000", "a GIF image")]
    public void Known_signatures_are_named(string start, string what)
    {
        var refusal = UploadSignatures.NotCsv(Encoding.Latin1.GetBytes(start));

        Assert.NotNull(refusal);
        Assert.StartsWith($"The file looks like {what}, not CSV text: ", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_without_a_nul_are_binary_data()
    {
        var bytes = new byte[64 * 1024];
        new Random(5).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }

        Assert.StartsWith("The file looks like binary data, not text in any encoding", UploadSignatures.NotCsv(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email,name\r\nalice@example.com,Alice\r\n", 65001)]
    [InlineData("Nom;Courriel\r\nJosé Müller;jose@example.com\r\n“Zoë” — 5 €;zoe@example.com\r\n", 1252)]
    [InlineData("Nom;Courriel\r\nJosé Müller;jose@example.com\r\n", 65001)]
    [InlineData("email\r\n\"two\vlines\";a@example.com\u001A", 65001)]
    [InlineData("", 65001)]
    public void Text_in_utf8_or_windows_1252_passes(string text, int codePage)
    {
        var bytes = Encoding.GetEncoding(codePage).GetBytes(text);

        Assert.Null(UploadSignatures.NotCsv(bytes));
    }

    [Fact]
    public void A_windows_1252_sample_is_told_from_utf8()
    {
        var windows1252 = Encoding.GetEncoding(1252).GetBytes("Ville\r\nBesançon\r\n");
        var utf8 = Encoding.UTF8.GetBytes("Ville\r\nBesançon\r\n");

        Assert.Equal(CsvEncoding.Windows1252, CsvEncoding.Detect(windows1252, isWholeFile: true));
        Assert.Equal(CsvEncoding.Utf8, CsvEncoding.Detect(utf8, isWholeFile: true));
        Assert.Equal(CsvEncoding.Utf8, CsvEncoding.Detect("plain ascii"u8, isWholeFile: true));
    }

    [Fact]
    public void A_utf8_character_cut_by_the_end_of_the_sample_is_still_utf8()
    {
        var text = Encoding.UTF8.GetBytes("name\r\nZoë €");
        var cut = text.AsSpan(0, text.Length - 1);

        Assert.Equal(CsvEncoding.Utf8, CsvEncoding.Detect(cut, isWholeFile: false));
        Assert.Equal(CsvEncoding.Windows1252, CsvEncoding.Detect(cut, isWholeFile: true));
    }
}
