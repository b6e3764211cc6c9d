namespace Verifier.Core.Jobs.Csv;

/// <summary>How an uploaded CSV file is laid out, as detected (or told) at upload.</summary>
/// <param name="Delimiter">',', ';' or tab.</param>
/// <param name="HasBom">The file began with a UTF-8 byte order mark (the results do too).</param>
/// <param name="HasHeader">The first record names the columns.</param>
/// <param name="EmailColumn">0-based index of the column holding the addresses.</param>
/// <param name="ColumnCount">Columns of the header, or the most of any sampled record without one; short rows are padded to it in the results.</param>
/// <param name="LineEnding">The line terminator used in the results: the file's own.</param>
/// <param name="Encoding">The file's text encoding (<see cref="CsvEncoding"/>): how its fields are decoded, and how added columns are written.</param>
public sealed record CsvLayout(byte Delimiter, bool HasBom, bool HasHeader, int EmailColumn, int ColumnCount, string LineEnding, string Encoding = CsvEncoding.Utf8)
{
    /// <summary>The text encoding of <see cref="Encoding"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public System.Text.Encoding TextEncoding => CsvEncoding.Get(Encoding);
}
