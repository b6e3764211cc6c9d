using System.Text;
using System.Text.Unicode;

namespace Verifier.Core.Jobs.Csv;

/// <summary>
/// The text encoding of an uploaded CSV, decided from its first bytes: UTF-8 when they are valid UTF-8 (with or
/// without a byte order mark; plain ASCII is UTF-8 too), otherwise Windows-1252, the code page Excel's "CSV"
/// (not "CSV UTF-8") is written in across Western Europe and the Americas, and a superset of ISO-8859-1's
/// printable characters. Only decoded fields use it (the email column, header names, JSON results); the CSV
/// results keep every input byte as it was, and the columns they add are written in the same encoding.
/// </summary>
public static class CsvEncoding
{
    public const string Utf8 = "utf-8";

    public const string Windows1252 = "windows-1252";

    private static readonly Encoding Windows1252Encoding = CreateWindows1252();

    /// <param name="sample">The start of the file, after any byte order mark.</param>
    /// <param name="isWholeFile">True when <paramref name="sample"/> is the whole file; otherwise a character cut at its end is not an error.</param>
    public static string Detect(ReadOnlySpan<byte> sample, bool isWholeFile) =>
        System.Text.Unicode.Utf8.IsValid(isWholeFile ? sample : WithoutCutCharacter(sample)) ? Utf8 : Windows1252;

    /// <summary>The encoding named by <see cref="Detect"/>; UTF-8 for anything else (jobs stored before the encoding was recorded).</summary>
    public static Encoding Get(string? name) =>
        string.Equals(name, Windows1252, StringComparison.OrdinalIgnoreCase) ? Windows1252Encoding : Encoding.UTF8;

    /// <summary>The sample without a UTF-8 sequence that the end of the sample cut short.</summary>
    private static ReadOnlySpan<byte> WithoutCutCharacter(ReadOnlySpan<byte> sample)
    {
        // A UTF-8 sequence is at most 4 bytes: look back at most 3 for the lead byte of the last one.
        for (var back = 1; back <= Math.Min(3, sample.Length); back++)
        {
            var b = sample[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? sample[..^back] : sample;
        }

        return sample;
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
