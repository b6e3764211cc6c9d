using System.Buffers.Binary;
using System.Text;

namespace Verifier.Testing.Dns;

/// <summary>The parts of a DNS query the loopback server needs (RFC 1035 §4.1, RFC 6891 for EDNS).</summary>
/// <param name="Id">The query identifier, echoed in the response.</param>
/// <param name="Flags">The header flags of the query (opcode and RD are echoed).</param>
/// <param name="Name">The question name as sent, without a trailing dot.</param>
/// <param name="Type">The question type.</param>
/// <param name="Class">The question class.</param>
/// <param name="UdpPayloadSize">The UDP size the client advertised with an OPT record; null without EDNS.</param>
internal sealed record DnsQuery(ushort Id, ushort Flags, string Name, ushort Type, ushort Class, int? UdpPayloadSize)
{
    private const int HeaderLength = 12;
    private const ushort OptType = 41;
    private const int MaxPointerHops = 16;

    /// <summary>Reads a query; false for anything that is not a well-formed single-question query.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out DnsQuery? query)
    {
        query = null;
        if (message.Length < HeaderLength)
        {
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var questionCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var additionalCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        var isResponse = (flags & 0x8000) != 0;
        if (isResponse || questionCount != 1)
        {
            return false;
        }

        var offset = HeaderLength;
        if (!TryReadName(message, ref offset, out var name) || offset + 4 > message.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        offset += 4;

        // The answer and authority sections of a query are empty; only the additional section may hold an OPT record.
        int? payloadSize = null;
        for (var i = 0; i < additionalCount; i++)
        {
            if (!TryReadName(message, ref offset, out _) || offset + 10 > message.Length)
            {
                return false;
            }

            var recordType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var recordClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10 + dataLength;
            if (offset > message.Length)
            {
                return false;
            }

            if (recordType == OptType)
            {
                // RFC 6891 §6.2.5: values below 512 are treated as 512.
                payloadSize = Math.Max(512, (int)recordClass);
            }
        }

        query = new DnsQuery(id, flags, name, type, @class, payloadSize);
        return true;
    }

    private static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        var builder = new StringBuilder();
        var position = offset;
        var jumped = false;
        var hops = 0;
        name = string.Empty;

        while (true)
        {
            if (position >= message.Length)
            {
                return false;
            }

            var length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length || ++hops > MaxPointerHops)
                {
                    return false;
                }

                if (!jumped)
                {
                    offset = position + 2;
                    jumped = true;
                }

                position = ((length & 0x3F) << 8) | message[position + 1];
                continue;
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    offset = position + 1;
                }

                name = builder.ToString();
                return true;
            }

            if (length > 63 || position + 1 + length > message.Length)
            {
                return false;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }
    }
}
