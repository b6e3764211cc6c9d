using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Core.Classification;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Jobs;

/// <summary>
/// Writes a completed job's results, streamed chunk by chunk in input order: exactly one output row per
/// input row (fewer only when a verdict filter is given).
/// <para>CSV: each row's original bytes unchanged, short rows padded with empty cells to the column count,
/// then <c>verdict, reason, smtp_code, smtp_enhanced_code, suggestion</c> in the file's own delimiter and
/// line ending; the header gets those names; a byte order mark when the upload had one.</para>
/// <para>JSON: <c>{ "id", "columns": [header cells] or null, "emailColumn", "rows": [{ "row" (1-based, header
/// excluded), "cells": [...], "verdict", "reason", "smtpCode", "smtpEnhancedCode", "suggestion" }] }</c>.</para>
/// </summary>
public static class JobResultsWriter
{
    /// <summary>The names of the appended columns.</summary>
    public static readonly IReadOnlyList<string> ResultColumns = ["verdict", "reason", "smtp_code", "smtp_enhanced_code", "suggestion"];

    private static readonly string[] VerdictNames = [.. Enum.GetValues<Verdict>().Select(JobWireJson.SnakeCase)];

    private static readonly string[] ReasonNames = [.. Enum.GetValues<Reason>().Select(JobWireJson.SnakeCase)];

    public static async Task WriteCsvAsync(Stream output, JobState state, IJobStore store, IReadOnlySet<Verdict>? verdicts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(store);
        var layout = state.Layout;
        var delimiter = layout.Delimiter;
        var lineEnding = Encoding.UTF8.GetBytes(layout.LineEnding);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);

        if (layout.HasBom)
        {
            buffer.Write(CsvRecordReader.Utf8Bom);
        }

        if (state.HeaderBytes is { } header)
        {
            buffer.Write(header);
            Pad(buffer, CountFields(header, delimiter), layout.ColumnCount, delimiter);
            foreach (var name in ResultColumns)
            {
                buffer.Write([delimiter]);
                WriteCell(buffer, name, delimiter, layout.TextEncoding);
            }

            buffer.Write(lineEnding);
        }

        for (var chunk = 0; chunk < state.ChunkCount; chunk++)
        {
            var (rows, results) = await ReadChunkAsync(state, store, chunk, cancellationToken).ConfigureAwait(false);
            using var reader = Reader(rows, layout);
            var row = 0;
            while (reader.Read())
            {
                var result = results[row++];
                if (verdicts is not null && !verdicts.Contains(result.Verdict))
                {
                    continue;
                }

                buffer.Write(reader.Raw);
                Pad(buffer, reader.FieldCount, layout.ColumnCount, delimiter);
                buffer.Write([delimiter]);
                WriteCell(buffer, VerdictNames[(int)result.Verdict], delimiter, layout.TextEncoding);
                buffer.Write([delimiter]);
                WriteCell(buffer, ReasonNames[(int)result.Reason], delimiter, layout.TextEncoding);
                buffer.Write([delimiter]);
                WriteCell(buffer, result.Code?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, delimiter, layout.TextEncoding);
                buffer.Write([delimiter]);
                WriteCell(buffer, result.EnhancedCode ?? string.Empty, delimiter, layout.TextEncoding);
                buffer.Write([delimiter]);
                WriteCell(buffer, result.Suggestion ?? string.Empty, delimiter, layout.TextEncoding);
                buffer.Write(lineEnding);
            }

            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
        }

        await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync(Stream output, JobState state, IJobStore store, IReadOnlySet<Verdict>? verdicts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(store);
        var layout = state.Layout;
        var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("id", state.Id);
            json.WritePropertyName("columns");
            if (state.HeaderBytes is { } header)
            {
                using var headerReader = Reader(header, layout);
                headerReader.Read();
                WriteStrings(json, headerReader.GetFields());
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteNumber("emailColumn", layout.EmailColumn);
            json.WriteStartArray("rows");
            long number = 0;
            for (var chunk = 0; chunk < state.ChunkCount; chunk++)
            {
                var (rows, results) = await ReadChunkAsync(state, store, chunk, cancellationToken).ConfigureAwait(false);
                using var reader = Reader(rows, layout);
                var row = 0;
                while (reader.Read())
                {
                    number++;
                    var result = results[row++];
                    if (verdicts is not null && !verdicts.Contains(result.Verdict))
                    {
                        continue;
                    }

                    json.WriteStartObject();
                    json.WriteNumber("row", number);
                    json.WritePropertyName("cells");
                    WriteStrings(json, reader.GetFields());
                    json.WriteString("verdict", VerdictNames[(int)result.Verdict]);
                    json.WriteString("reason", ReasonNames[(int)result.Reason]);
                    if (result.Code is { } code)
                    {
                        json.WriteNumber("smtpCode", code);
                    }
                    else
                    {
                        json.WriteNull("smtpCode");
                    }

                    json.WriteString("smtpEnhancedCode", result.EnhancedCode);
                    json.WriteString("suggestion", result.Suggestion);
                    json.WriteEndObject();
                }

                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(byte[] Rows, IReadOnlyList<RowResult> Results)> ReadChunkAsync(JobState state, IJobStore store, int chunk, CancellationToken cancellationToken)
    {
        var rows = await store.ReadChunkRowsAsync(state.Id, chunk, cancellationToken).ConfigureAwait(false);
        var results = await store.ReadChunkResultsAsync(state.Id, chunk, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Chunk {chunk} of job {state.Id} has no results.");
        return (rows.ToArray(), results);
    }

    private static CsvRecordReader Reader(byte[] bytes, CsvLayout layout) =>
        new(new MemoryStream(bytes, writable: false), layout.Delimiter, Math.Max(bytes.Length, 1024), layout.TextEncoding);

    private static void WriteStrings(Utf8JsonWriter json, string[] values)
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static int CountFields(byte[] record, byte delimiter)
    {
        var fields = new List<(int, int)>();
        CsvRecordReader.ParseOne(record, delimiter, isFinal: true, fields, out _);
        return fields.Count;
    }

    private static void Pad(ArrayBufferWriter<byte> buffer, int fields, int columns, byte delimiter)
    {
        for (var i = fields; i < columns; i++)
        {
            buffer.Write([delimiter]);
        }
    }

    /// <summary>Writes a cell in the file's encoding, quoted (RFC 4180) when it holds the delimiter, a quote or a line break.</summary>
    private static void WriteCell(ArrayBufferWriter<byte> buffer, string value, byte delimiter, Encoding encoding)
    {
        var needsQuotes = value.AsSpan().IndexOfAny(['"', '\r', '\n', (char)delimiter]) >= 0;
        if (!needsQuotes)
        {
            buffer.Write(encoding.GetBytes(value));
            return;
        }

        buffer.Write("\""u8);
        buffer.Write(encoding.GetBytes(value.Replace("\"", "\"\"", StringComparison.Ordinal)));
        buffer.Write("\""u8);
    }
}
