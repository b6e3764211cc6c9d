using System.Text;
using Verifier.Core.Classification;

namespace Verifier.Core.Jobs;

/// <summary>The compact binary form of a chunk's results, as stored in a results file or a Redis value.</summary>
public static class RowResultCodec
{
    private const byte HasCode = 1;
    private const byte HasEnhancedCode = 2;
    private const byte HasSuggestion = 4;

    public static byte[] Encode(IReadOnlyList<RowResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var buffer = new MemoryStream(rows.Count * 12);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(rows.Count);
            foreach (var row in rows)
            {
                var flags = (byte)((row.Code is null ? 0 : HasCode) | (row.EnhancedCode is null ? 0 : HasEnhancedCode) | (row.Suggestion is null ? 0 : HasSuggestion));
                writer.Write((byte)row.Verdict);
                writer.Write((byte)row.Reason);
                writer.Write(flags);
                if (row.Code is { } code)
                {
                    writer.Write((short)code);
                }

                if (row.EnhancedCode is { } enhanced)
                {
                    writer.Write(enhanced);
                }

                if (row.Suggestion is { } suggestion)
                {
                    writer.Write(suggestion);
                }
            }
        }

        return buffer.ToArray();
    }

    public static RowResult[] Decode(ReadOnlyMemory<byte> data)
    {
        using var reader = new BinaryReader(new MemoryStream(data.ToArray(), writable: false), Encoding.UTF8);
        var rows = new RowResult[reader.ReadInt32()];
        for (var i = 0; i < rows.Length; i++)
        {
            var verdict = (Verdict)reader.ReadByte();
            var reason = (Reason)reader.ReadByte();
            var flags = reader.ReadByte();
            int? code = (flags & HasCode) != 0 ? reader.ReadInt16() : null;
            var enhanced = (flags & HasEnhancedCode) != 0 ? reader.ReadString() : null;
            var suggestion = (flags & HasSuggestion) != 0 ? reader.ReadString() : null;
            rows[i] = new RowResult(verdict, reason, code, enhanced, suggestion);
        }

        return rows;
    }
}
