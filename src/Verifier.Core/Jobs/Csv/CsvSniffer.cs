namespace Verifier.Core.Jobs.Csv;

/// <summary>
/// Guesses the delimiter of a CSV file from its first bytes: the candidate (',', ';', tab) that splits the
/// sample's records into the same number of fields most consistently, with more than one field. Pure.
/// </summary>
public static class CsvSniffer
{
    /// <summary>The delimiters tried, in order of preference when they score the same.</summary>
    public static ReadOnlySpan<byte> Candidates => [(byte)',', (byte)';', (byte)'\t'];

    /// <summary>How many records of the sample are looked at.</summary>
    public const int SampleRecords = 100;

    /// <param name="sample">The start of the file, after any byte order mark.</param>
    /// <param name="isWholeFile">True when <paramref name="sample"/> is the entire file (its last record is complete).</param>
    public static byte DetectDelimiter(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        var best = (byte)',';
        var bestScore = double.MinValue;
        foreach (var candidate in Candidates)
        {
            var counts = FieldCounts(sample, candidate, isWholeFile);
            if (counts.Count == 0)
            {
                continue;
            }

            var modal = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            if (modal.Key < 2)
            {
                continue;
            }

            // Consistency first; among equally consistent splits, the one giving more fields.
            var score = (double)modal.Count() / counts.Count * 1000 + Math.Min(modal.Key, 999) / 1000.0;
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>The decoded records of the sample (at most <see cref="SampleRecords"/>), split by <paramref name="delimiter"/>.</summary>
    public static List<string[]> SampleRecordsOf(ReadOnlySpan<byte> sample, byte delimiter, bool isWholeFile, System.Text.Encoding? encoding = null)
    {
        var records = new List<string[]>();
        var fields = new List<(int Start, int End)>();
        var position = 0;
        while (records.Count < SampleRecords && position < sample.Length)
        {
            var rest = sample[position..];
            var consumed = CsvRecordReader.ParseOne(rest, delimiter, isWholeFile, fields, out _);
            if (consumed == 0)
            {
                break;
            }

            var record = new string[fields.Count];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = CsvRecordReader.Decode(rest[fields[i].Start..fields[i].End], encoding);
            }

            records.Add(record);
            position += consumed;
        }

        return records;
    }

    private static List<int> FieldCounts(ReadOnlySpan<byte> sample, byte delimiter, bool isWholeFile)
    {
        var counts = new List<int>();
        var fields = new List<(int Start, int End)>();
        var position = 0;
        while (counts.Count < SampleRecords && position < sample.Length)
        {
            var consumed = CsvRecordReader.ParseOne(sample[position..], delimiter, isWholeFile, fields, out var rawLength);
            if (consumed == 0)
            {
                break;
            }

            if (rawLength > 0)
            {
                counts.Add(fields.Count);
            }

            position += consumed;
        }

        return counts;
    }
}
