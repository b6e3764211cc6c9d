using System.Text;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Tests.Jobs;

public sealed class CsvRecordReaderTests
{
    public static TheoryData<string, char, string[][]> Files => new()
    {
        { "a,b,c\r\n1,2,3\r\n", ',', [["a", "b", "c"], ["1", "2", "3"]] },
        { "a,b\n1,2", ',', [["a", "b"], ["1", "2"]] },
        { "a,b\r1,2\r", ',', [["a", "b"], ["1", "2"]] },
        { "\"Smith, John\",john@x.test\n", ',', [["Smith, John", "john@x.test"]] },
        { "\"say \"\"hi\"\"\",x\n", ',', [["say \"hi\"", "x"]] },
        { "\"line one\r\nline two\",x@y.test\r\nnext,z\r\n", ',', [["line one\r\nline two", "x@y.test"], ["next", "z"]] },
        { "a;b;\"c;d\"\n", ';', [["a", "b", "c;d"]] },
        { "a\tb\t\"c\td\"\n", '\t', [["a", "b", "c\td"]] },
        { "a,,c\n,,\n", ',', [["a", "", "c"], ["", "", ""]] },
        { "a,b,c\n1\n1,2,3,4\n", ',', [["a", "b", "c"], ["1"], ["1", "2", "3", "4"]] },
        { "a\n\nb\n", ',', [["a"], [""], ["b"]] },
        { "x,\"unclosed\nrest", ',', [["x", "unclosed\nrest"]] },
        { "x,\"quoted\"tail,y\n", ',', [["x", "quotedtail", "y"]] },
        { "x,in\"side,y\n", ',', [["x", "in\"side", "y"]] },
        { "é,ü@exämple.test\n", ',', [["é", "ü@exämple.test"]] },
        { "", ',', [] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Reads_records_and_fields(string text, char delimiter, string[][] expected)
    {
        // Tiny reads force every record to straddle buffer refills.
        using var reader = new CsvRecordReader(new TrickleStream(Encoding.UTF8.GetBytes(text), 3), (byte)delimiter);
        var records = new List<string[]>();
        while (await reader.ReadAsync())
        {
            records.Add(reader.GetFields());
        }

        Assert.Equal(expected, records);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Raw_records_concatenate_back_to_the_input(string text, char delimiter, string[][] expected)
    {
        _ = expected;
        var bytes = Encoding.UTF8.GetBytes(text);
        using var reader = new CsvRecordReader(new MemoryStream(bytes), (byte)delimiter);
        var copy = new MemoryStream();
        while (reader.Read())
        {
            copy.Write(reader.RawWithTerminator);
        }

        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public void Raw_excludes_the_line_terminator_and_keeps_quotes()
    {
        using var reader = new CsvRecordReader(new MemoryStream("\"a,b\",c\r\nd\n"u8.ToArray()), (byte)',');
        Assert.True(reader.Read());
        Assert.Equal("\"a,b\",c", Encoding.UTF8.GetString(reader.Raw));
        Assert.Equal("\r\n", reader.FirstLineEnding);
        Assert.True(reader.Read());
        Assert.Equal("d", Encoding.UTF8.GetString(reader.Raw));
        Assert.False(reader.Read());
    }

    [Fact]
    public void A_record_longer_than_the_limit_is_refused()
    {
        var text = "ok,1\n\"" + new string('x', 5000) + "\n";
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), (byte)',', maxRecordBytes: 1024);
        Assert.True(reader.Read());
        var error = Assert.Throws<CsvRecordTooLongException>(() => reader.Read());
        Assert.Equal(2, error.RecordNumber);
    }

    [Fact]
    public void Records_larger_than_the_initial_buffer_are_read()
    {
        var big = new string('y', 200_000);
        var text = $"a,\"{big}\"\nb,c\n";
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), (byte)',', maxRecordBytes: 1 << 20);
        Assert.True(reader.Read());
        Assert.Equal(big, reader.GetField(1));
        Assert.True(reader.Read());
        Assert.Equal("c", reader.GetField(1));
    }

    /// <summary>Hands out at most a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, step)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, step)], cancellationToken);
    }
}
