using System.Diagnostics;
using System.Text;
using Verifier.Core.Jobs.Csv;
using Xunit.Abstractions;

namespace Verifier.Core.Tests.Fuzzing;

/// <summary>
/// Randomised CSV with a fixed seed (a failure replays), through the streaming reader with small read sizes so
/// records straddle buffer refills. Two properties: whatever the bytes, the reader ends without an exception
/// (other than a too-long record) and its records put back together are the input byte for byte; and a table
/// written with RFC 4180 quoting reads back to the same cells.
/// </summary>
public sealed class CsvFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 4180;
    private const int Inputs = 200_000;
    private static readonly byte[] Delimiters = [(byte)',', (byte)';', (byte)'\t'];

    [Fact]
    public void Arbitrary_bytes_never_throw_and_records_reassemble_to_the_input()
    {
        var random = new Random(Seed);
        var stopwatch = Stopwatch.StartNew();
        long records = 0;
        var tooLong = 0;

        for (var i = 0; i < Inputs; i++)
        {
            var input = RandomCsvBytes(random);
            var delimiter = Delimiters[random.Next(Delimiters.Length)];
            using var reader = new CsvRecordReader(new TrickleStream(input, random.Next(1, 64)), delimiter, maxRecordBytes: 4096);
            var reassembled = new MemoryStream();
            try
            {
                while (reader.Read())
                {
                    reassembled.Write(reader.RawWithTerminator);
                    _ = reader.GetFields();
                    records++;
                }
            }
            catch (CsvRecordTooLongException)
            {
                tooLong++;
                continue;
            }

            Assert.True(input.AsSpan().SequenceEqual(reassembled.ToArray()), $"input #{i} (delimiter {delimiter}) does not reassemble: {Show(input)}");
        }

        output.WriteLine($"Tried {Inputs:N0} random inputs (seed {Seed}) in {stopwatch.Elapsed.TotalSeconds:0.0} s: {records:N0} records, {tooLong} refused as too long.");
    }

    [Fact]
    public void Quoted_tables_read_back_to_the_same_cells()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < Inputs / 20; i++)
        {
            var delimiter = Delimiters[random.Next(Delimiters.Length)];
            var table = RandomTable(random);
            var bytes = Encoding.UTF8.GetBytes(Write(table, (char)delimiter, random.Next(2) == 0 ? "\r\n" : "\n"));

            using var reader = new CsvRecordReader(new TrickleStream(bytes, random.Next(1, 64)), delimiter);
            var read = new List<string[]>();
            while (reader.Read())
            {
                read.Add(reader.GetFields());
            }

            Assert.Equal(table.Count, read.Count);
            for (var r = 0; r < table.Count; r++)
            {
                Assert.Equal(table[r], read[r]);
            }
        }
    }

    private static byte[] RandomCsvBytes(Random random)
    {
        const string alphabet = "ab@.\"\"\",,;;\t\r\n\n xé😀";
        var length = random.Next(0, 300);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(10) == 0 && bytes.Length > 0)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256); // invalid UTF-8 now and then
        }

        return bytes;
    }

    private static List<string[]> RandomTable(Random random)
    {
        const string alphabet = "ab@.\",;\t\r\n xé";
        var columns = random.Next(1, 6);
        var rows = random.Next(1, 20);
        var table = new List<string[]>();
        for (var r = 0; r < rows; r++)
        {
            var row = new string[columns];
            for (var c = 0; c < columns; c++)
            {
                var cell = new StringBuilder();
                var length = random.Next(0, 12);
                for (var k = 0; k < length; k++)
                {
                    cell.Append(alphabet[random.Next(alphabet.Length)]);
                }

                row[c] = cell.ToString();
            }

            // A record of one empty cell is a blank line, which reads back as no cells at all; give it content.
            if (columns == 1 && row[0].Length == 0)
            {
                row[0] = "x";
            }

            table.Add(row);
        }

        return table;
    }

    private static string Write(List<string[]> table, char delimiter, string lineEnding) =>
        string.Concat(table.Select(row => string.Join(delimiter, row.Select(cell => Quote(cell, delimiter))) + lineEnding));

    private static string Quote(string cell, char delimiter) =>
        cell.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Show(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 80)));

    /// <summary>Hands out at most a few bytes per read, as a slow upload does.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
