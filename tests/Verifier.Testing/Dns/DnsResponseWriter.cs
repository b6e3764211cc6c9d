using System.Buffers.Binary;
using System.Text;

namespace Verifier.Testing.Dns;

/// <summary>Encodes a response to a <see cref="DnsQuery"/> in DNS wire format (RFC 1035 §4), with name compression (§4.1.4).</summary>
internal sealed class DnsResponseWriter
{
    private const ushort ClassInternet = 1;
    private const ushort OptType = 41;
    private const ushort AdvertisedUdpPayloadSize = 4096;
    private const int MaxTextChunk = 255;
    private const int MaxPointerOffset = 0x3FFF;

    private readonly Dictionary<string, int> _nameOffsets = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[512];
    private int _length;

    private DnsResponseWriter()
    {
    }

    /// <summary>The whole response; with <paramref name="truncated"/>, the TC bit set and no records (RFC 2181 §9).</summary>
    public static byte[] Write(DnsQuery query, ZoneAnswer answer, bool truncated)
    {
        var writer = new DnsResponseWriter();
        writer.WriteMessage(query, answer, truncated);
        return writer._buffer.AsSpan(0, writer._length).ToArray();
    }

    private void WriteMessage(DnsQuery query, ZoneAnswer answer, bool truncated)
    {
        IReadOnlyList<ZoneRecord> answers = truncated ? [] : answer.Answers;
        IReadOnlyList<ZoneRecord> authority = truncated ? [] : answer.Authority;
        var hasOpt = query.UdpPayloadSize is not null;

        // QR=1, opcode and RD echoed from the query, RA=1 (the server acts as a recursive resolver).
        var flags = (ushort)(0x8000 | (query.Flags & 0x7900) | 0x0080 | (byte)answer.Code);
        if (truncated)
        {
            flags |= 0x0200;
        }

        WriteUInt16(query.Id);
        WriteUInt16(flags);
        WriteUInt16(1);
        WriteUInt16((ushort)answers.Count);
        WriteUInt16((ushort)authority.Count);
        WriteUInt16((ushort)(hasOpt ? 1 : 0));

        WriteName(query.Name);
        WriteUInt16(query.Type);
        WriteUInt16(query.Class);

        foreach (var record in answers)
        {
            WriteRecord(record);
        }

        foreach (var record in authority)
        {
            WriteRecord(record);
        }

        if (hasOpt)
        {
            // RFC 6891 §6.1.2: root owner, type OPT, class = payload size, TTL = extended RCODE and flags.
            WriteByte(0);
            WriteUInt16(OptType);
            WriteUInt16(AdvertisedUdpPayloadSize);
            WriteUInt32(0);
            WriteUInt16(0);
        }
    }

    private void WriteRecord(ZoneRecord record)
    {
        WriteName(record.Name);
        WriteUInt16((ushort)record.Type);
        WriteUInt16(ClassInternet);
        WriteUInt32(Seconds(record.TimeToLive));

        var lengthOffset = _length;
        WriteUInt16(0);
        var dataStart = _length;

        switch (record)
        {
            case AddressZoneRecord address:
                WriteBytes(address.Address.GetAddressBytes());
                break;
            case MxZoneRecord mx:
                WriteUInt16((ushort)mx.Preference);
                WriteName(mx.Exchange);
                break;
            case CnameZoneRecord cname:
                WriteName(cname.Target);
                break;
            case TxtZoneRecord txt:
                WriteText(txt.Text);
                break;
            case SoaZoneRecord soa:
                WriteName("ns." + soa.Name);
                WriteName("hostmaster." + soa.Name);
                WriteUInt32(1);
                WriteUInt32(3600);
                WriteUInt32(600);
                WriteUInt32(86400);
                WriteUInt32(Seconds(soa.Minimum));
                break;
            default:
                throw new InvalidOperationException($"No encoding for {record.GetType().Name}.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthOffset), (ushort)(_length - dataStart));
    }

    private void WriteText(string text)
    {
        // RFC 1035 §3.3.14: one or more <character-string>s of at most 255 octets each.
        var bytes = Encoding.UTF8.GetBytes(text);
        var offset = 0;
        do
        {
            var chunk = Math.Min(MaxTextChunk, bytes.Length - offset);
            WriteByte((byte)chunk);
            WriteBytes(bytes.AsSpan(offset, chunk));
            offset += chunk;
        }
        while (offset < bytes.Length);
    }

    private void WriteName(string name)
    {
        var remaining = name.TrimEnd('.');
        while (remaining.Length > 0)
        {
            if (_nameOffsets.TryGetValue(remaining, out var pointer))
            {
                WriteUInt16((ushort)(0xC000 | pointer));
                return;
            }

            if (_length <= MaxPointerOffset)
            {
                _nameOffsets[remaining] = _length;
            }

            var dot = remaining.IndexOf('.', StringComparison.Ordinal);
            var label = dot < 0 ? remaining : remaining[..dot];
            var labelBytes = Encoding.ASCII.GetBytes(label);
            if (labelBytes.Length is 0 or > 63)
            {
                throw new ArgumentException($"Invalid label in DNS name '{name}'.", nameof(name));
            }

            WriteByte((byte)labelBytes.Length);
            WriteBytes(labelBytes);
            remaining = dot < 0 ? string.Empty : remaining[(dot + 1)..];
        }

        WriteByte(0);
    }

    private static uint Seconds(TimeSpan value) =>
        value <= TimeSpan.Zero ? 0 : (uint)Math.Min(int.MaxValue, value.TotalSeconds);

    private void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    private void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    private void Ensure(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }
    }
}
