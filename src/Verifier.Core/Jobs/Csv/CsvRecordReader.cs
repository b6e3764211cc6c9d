using System.Buffers;
using System.Text;

namespace Verifier.Core.Jobs.Csv;

/// <summary>
/// A streaming RFC 4180 reader that works on bytes (UTF-8, or another ASCII-compatible encoding): quoted fields may hold the delimiter, doubled
/// quotes and line breaks; records end at CR LF, LF or a lone CR. Only the current record is buffered, so a
/// file of any length is read in constant memory. Each record is exposed both as its exact original bytes
/// (<see cref="Raw"/>, for output that must round-trip) and as decoded fields.
/// </summary>
/// <remarks>
/// Lenient where RFC 4180 is silent or broken files are common: a quote inside an unquoted field is literal,
/// text after a closing quote is kept as part of the field, and a quote never closed runs to the end of the
/// input. Records may have any number of fields (ragged rows are not an error). Every line is a record,
/// including blank lines; the terminator of the last line does not start another record.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    /// <summary>The UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private const int InitialBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly Encoding _encoding;
    private readonly byte _delimiter;
    private readonly int _maxRecordBytes;
    private readonly SearchValues<byte> _unquotedStops;
    private readonly List<(int Start, int End)> _fields = [];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private int _recordStart;
    private int _rawLength;
    private int _consumedLength;

    /// <param name="stream">The text, positioned after any byte order mark.</param>
    /// <param name="delimiter">The field separator: ',', ';' or tab.</param>
    /// <param name="maxRecordBytes">The longest record accepted; a longer one (often an unclosed quote) throws <see cref="CsvRecordTooLongException"/>.</param>
    /// <param name="encoding">How fields are decoded (<see cref="CsvEncoding"/>); UTF-8 by default. Delimiters, quotes and line breaks are ASCII in both.</param>
    public CsvRecordReader(Stream stream, byte delimiter, int maxRecordBytes = 1 << 20, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _encoding = encoding ?? Encoding.UTF8;
        _delimiter = delimiter;
        _maxRecordBytes = maxRecordBytes;
        _unquotedStops = SearchValues.Create([delimiter, (byte)'\r', (byte)'\n']);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, Math.Max(maxRecordBytes, 1024)));
    }

    /// <summary>Records read so far (the current one included).</summary>
    public long RecordCount { get; private set; }

    /// <summary>The line terminator of the first record that had one ("\r\n", "\n" or "\r"); null until then.</summary>
    public string? FirstLineEnding { get; private set; }

    /// <summary>The current record's bytes exactly as in the input, without its line terminator.</summary>
    public ReadOnlySpan<byte> Raw => _buffer.AsSpan(_recordStart, _rawLength);

    /// <summary>The current record's bytes including its line terminator (none for a last line without one).</summary>
    public ReadOnlySpan<byte> RawWithTerminator => _buffer.AsSpan(_recordStart, _consumedLength);

    /// <summary>The number of fields in the current record (a blank line has one empty field).</summary>
    public int FieldCount => _fields.Count;

    /// <summary>The decoded value of field <paramref name="index"/>: quotes removed, doubled quotes undone.</summary>
    public string GetField(int index)
    {
        var (start, end) = _fields[index];
        return Decode(_buffer.AsSpan(start, end - start), _encoding);
    }

    /// <summary>The decoded field, or null when the record has fewer fields.</summary>
    public string? GetFieldOrNull(int index) => index < _fields.Count ? GetField(index) : null;

    /// <summary>All decoded fields of the current record.</summary>
    public string[] GetFields()
    {
        var fields = new string[_fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = GetField(i);
        }

        return fields;
    }

    /// <summary>Advances to the next record; false at the end of the input.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryParse())
            {
                return true;
            }

            if (_eof)
            {
                return false;
            }

            PrepareToFill();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            Filled(read);
        }
    }

    /// <summary>Advances to the next record; false at the end of the input.</summary>
    public bool Read()
    {
        while (true)
        {
            if (TryParse())
            {
                return true;
            }

            if (_eof)
            {
                return false;
            }

            PrepareToFill();
            Filled(_stream.Read(_buffer.AsSpan(_end)));
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Splits one record from the start of <paramref name="data"/> without a reader, for sniffing.</summary>
    /// <returns>The bytes consumed (terminator included), or 0 when the record is not complete and <paramref name="isFinal"/> is false.</returns>
    public static int ParseOne(ReadOnlySpan<byte> data, byte delimiter, bool isFinal, List<(int Start, int End)> fields, out int rawLength)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Parse(data, delimiter, SearchValues.Create([delimiter, (byte)'\r', (byte)'\n']), isFinal, fields, out rawLength, out _);
    }

    /// <summary>Decodes a field's bytes as they appear in the input: quotes removed, doubled quotes undone, then decoded (UTF-8 unless told).</summary>
    public static string Decode(ReadOnlySpan<byte> field, Encoding? encoding = null)
    {
        encoding ??= Encoding.UTF8;
        if (field.IsEmpty || field[0] != (byte)'"')
        {
            return encoding.GetString(field);
        }

        var rented = ArrayPool<byte>.Shared.Rent(field.Length);
        try
        {
            var length = 0;
            var i = 1;
            var closed = false;
            while (i < field.Length)
            {
                var b = field[i];
                if (!closed && b == (byte)'"')
                {
                    if (i + 1 < field.Length && field[i + 1] == (byte)'"')
                    {
                        rented[length++] = (byte)'"';
                        i += 2;
                        continue;
                    }

                    closed = true;
                    i++;
                    continue;
                }

                rented[length++] = b;
                i++;
            }

            return encoding.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private bool TryParse()
    {
        if (_start == _end && _eof)
        {
            return false;
        }

        var data = _buffer.AsSpan(_start, _end - _start);
        var consumed = Parse(data, _delimiter, _unquotedStops, _eof, _fields, out var rawLength, out var terminator);
        if (consumed == 0)
        {
            if (data.Length >= _maxRecordBytes)
            {
                throw new CsvRecordTooLongException(RecordCount + 1, _maxRecordBytes);
            }

            return false;
        }

        if (rawLength > _maxRecordBytes)
        {
            throw new CsvRecordTooLongException(RecordCount + 1, _maxRecordBytes);
        }

        for (var i = 0; i < _fields.Count; i++)
        {
            _fields[i] = (_fields[i].Start + _start, _fields[i].End + _start);
        }

        FirstLineEnding ??= terminator;
        _recordStart = _start;
        _rawLength = rawLength;
        _consumedLength = consumed;
        _start += consumed;
        RecordCount++;
        return true;
    }

    private void PrepareToFill()
    {
        // Keep the unparsed tail; move it to the front, or grow when the record fills the buffer.
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private void Filled(int read)
    {
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private static int Parse(
        ReadOnlySpan<byte> data,
        byte delimiter,
        SearchValues<byte> unquotedStops,
        bool isFinal,
        List<(int Start, int End)> fields,
        out int rawLength,
        out string? terminator)
    {
        fields.Clear();
        rawLength = 0;
        terminator = null;
        var i = 0;
        while (true)
        {
            var fieldStart = i;
            if (i < data.Length && data[i] == (byte)'"')
            {
                // Quoted: runs to the quote that is not doubled.
                i++;
                while (true)
                {
                    var quote = data[i..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        if (!isFinal)
                        {
                            return 0;
                        }

                        // Never closed: the rest of the input is this field.
                        fields.Add((fieldStart, data.Length));
                        rawLength = data.Length;
                        return data.Length;
                    }

                    i += quote + 1;
                    if (i == data.Length && !isFinal)
                    {
                        return 0;
                    }

                    if (i < data.Length && data[i] == (byte)'"')
                    {
                        i++;
                        continue;
                    }

                    break;
                }
            }

            // Unquoted text, or what follows a closing quote, up to a delimiter or line end.
            var stop = data[i..].IndexOfAny(unquotedStops);
            if (stop < 0)
            {
                if (!isFinal)
                {
                    return 0;
                }

                fields.Add((fieldStart, data.Length));
                rawLength = data.Length;
                return data.Length;
            }

            i += stop;
            fields.Add((fieldStart, i));
            if (data[i] == delimiter)
            {
                i++;
                continue;
            }

            rawLength = i;
            if (data[i] == (byte)'\n')
            {
                terminator = "\n";
                return i + 1;
            }

            // CR: CR LF, or a lone CR; the next byte decides.
            if (i + 1 == data.Length && !isFinal)
            {
                return 0;
            }

            if (i + 1 < data.Length && data[i + 1] == (byte)'\n')
            {
                terminator = "\r\n";
                return i + 2;
            }

            terminator = "\r";
            return i + 1;
        }
    }
}

/// <summary>A record longer than the reader accepts, most often the sign of a quote that is never closed.</summary>
public sealed class CsvRecordTooLongException(long recordNumber, int maxRecordBytes)
    : IOException($"Record {recordNumber} is longer than {maxRecordBytes} bytes; is a quote left unclosed?")
{
    public long RecordNumber { get; } = recordNumber;
}
