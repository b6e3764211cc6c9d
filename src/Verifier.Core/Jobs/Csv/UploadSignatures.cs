namespace Verifier.Core.Jobs.Csv;

/// <summary>
/// Tells from the first bytes of an upload that it is not CSV text, and what it looks like instead: a ZIP or an
/// Excel workbook (.xlsx), an old Office file (.xls), a PDF, an image, a gzip archive, UTF-16 text, or binary data
/// (NUL bytes, or control characters and bytes no text encoding uses, as random bytes have). Each answer says what
/// to do, so that a user who uploaded the wrong file can fix it rather than get a job of garbage. Pure.
/// </summary>
public static class UploadSignatures
{
    /// <summary>Control characters tolerated in text, per 100 bytes (CSV exports carry the odd stray one).</summary>
    private const int ControlPercentTolerated = 1;

    private static readonly (byte[] Magic, string What, string Todo)[] Signatures =
    [
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Excel workbook (.xls) or another Microsoft Office file", "open it in Excel and save it as CSV UTF-8 (File › Save As), then upload that file"),
        ("%PDF-"u8.ToArray(), "a PDF document", "export the list as CSV from the program it came from"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image", "upload the list itself, saved as CSV"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image", "upload the list itself, saved as CSV"),
        ("GIF87a"u8.ToArray(), "a GIF image", "upload the list itself, saved as CSV"),
        ("GIF89a"u8.ToArray(), "a GIF image", "upload the list itself, saved as CSV"),
        ([0x1F, 0x8B], "a gzip-compressed file", "decompress it and upload the CSV inside"),
        ([0xFF, 0xFE], "UTF-16 text (Excel's \"Unicode Text\")", "save it as CSV UTF-8 instead (File › Save As)"),
        ([0xFE, 0xFF], "UTF-16 text", "save it as CSV UTF-8 instead"),
    ];

    /// <summary>Bytes Windows-1252 leaves undefined: text in that code page never has them.</summary>
    private static ReadOnlySpan<byte> Undefined1252 => [0x81, 0x8D, 0x8F, 0x90, 0x9D];

    /// <summary>
    /// Why the upload is not CSV text ("The file looks like …, not CSV text: …"), or null when it may be.
    /// </summary>
    /// <param name="start">The first bytes of the upload (up to <see cref="JobIngest.SniffBytes"/>).</param>
    public static string? NotCsv(ReadOnlySpan<byte> start)
    {
        foreach (var (magic, what, todo) in Signatures)
        {
            if (start.StartsWith(magic))
            {
                return Refusal(what, todo);
            }
        }

        if (start.StartsWith("PK\x03\x04"u8))
        {
            return Zip(start);
        }

        if (start.Contains((byte)0))
        {
            return Refusal(
                "binary data (it contains NUL bytes, which CSV text never has)",
                "upload the list saved as CSV; if it is UTF-16 text, save it as CSV UTF-8");
        }

        var utf8 = CsvEncoding.Detect(start, isWholeFile: false) == CsvEncoding.Utf8;
        var suspicious = 0;
        foreach (var b in start)
        {
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) || b == 0x7F || (!utf8 && Undefined1252.Contains(b)))
            {
                suspicious++;
            }
        }

        return suspicious > Math.Max(4, start.Length * ControlPercentTolerated / 100)
            ? Refusal(
                "binary data, not text in any encoding: control characters and undefined bytes throughout",
                "upload the list saved as CSV (UTF-8, or Windows-1252 as Excel writes it)")
            : null;
    }

    /// <summary>An Office Open XML file is a ZIP whose entries name it: xl/ for Excel, word/ for Word.</summary>
    private static string Zip(ReadOnlySpan<byte> start)
    {
        if (start.IndexOf("xl/"u8) >= 0)
        {
            return Refusal("an Excel workbook (.xlsx)", "open it in Excel and save it as CSV UTF-8 (File › Save As), then upload that file");
        }

        if (start.IndexOf("word/"u8) >= 0)
        {
            return Refusal("a Word document (.docx)", "put the list in a spreadsheet and save it as CSV");
        }

        return start.IndexOf("content.xml"u8) >= 0
            ? Refusal("an OpenDocument file (.ods)", "save it as Text CSV (UTF-8) in LibreOffice, then upload that file")
            : Refusal("a ZIP archive", "extract the CSV file from it and upload that");
    }

    private static string Refusal(string what, string todo) => $"The file looks like {what}, not CSV text: {todo}.";
}
