using System.Buffers;
using Microsoft.Extensions.Options;
using Verifier.Core.IO;
using Verifier.Core.Jobs.Csv;

namespace Verifier.Core.Jobs;

/// <summary>
/// Turns an upload into a stored job in one streaming pass: the first 64 KiB decide whether it is CSV text at all
/// (<see cref="UploadSignatures"/>), its encoding, the delimiter, the header and the email column; then records are read one at a time and stored chunk by chunk, byte for
/// byte, so memory holds one chunk whatever the size of the file. Limits are enforced as bytes and rows
/// arrive; a refused upload leaves nothing behind.
/// </summary>
public sealed class JobIngest(IJobStore store, IOptions<JobsOptions> options, TimeProvider time)
{
    /// <summary>How much of the file is looked at to detect its layout.</summary>
    public const int SniffBytes = 64 * 1024;

    /// <exception cref="JobRejectedException">The upload is not CSV text, is too large, has too many rows, or no usable column.</exception>
    public async Task<JobState> IngestAsync(Stream input, JobSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(submission);
        var limits = options.Value;
        var limited = new ReadLimitStream(input, limits.MaxUploadBytes, limit =>
            new JobRejectedException(JobRejection.TooLarge, $"The upload is larger than {limit} bytes (Verifier:Jobs:MaxUploadBytes)."));

        var prefix = new byte[SniffBytes];
        var length = await limited.ReadAtLeastAsync(prefix, SniffBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var isWholeFile = length < SniffBytes;
        if (UploadSignatures.NotCsv(prefix.AsSpan(0, length)) is { } notCsv)
        {
            throw new JobRejectedException(JobRejection.NotText, notCsv);
        }

        var hasBom = prefix.AsSpan(0, length).StartsWith(CsvRecordReader.Utf8Bom);
        var bodyStart = hasBom ? CsvRecordReader.Utf8Bom.Length : 0;
        var sample = prefix.AsMemory(bodyStart, length - bodyStart);
        if (sample.IsEmpty)
        {
            throw new JobRejectedException(JobRejection.NoUsableColumn, "The file is empty.");
        }

        var encoding = hasBom ? CsvEncoding.Utf8 : CsvEncoding.Detect(sample.Span, isWholeFile);
        var delimiter = CsvSniffer.DetectDelimiter(sample.Span, isWholeFile);
        var records = CsvSniffer.SampleRecordsOf(sample.Span, delimiter, isWholeFile, CsvEncoding.Get(encoding));
        if (records.Count == 0)
        {
            throw new JobRejectedException(JobRejection.Unreadable, $"The first record is longer than {SniffBytes / 1024} KiB; is a quote left unclosed?");
        }

        var columns = EmailColumnDetector.Detect(records, submission.EmailColumn, submission.HasHeader);
        var id = JobIds.New();
        var upload = await store.BeginAsync(id, cancellationToken).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            using var reader = new CsvRecordReader(new PrefixedStream(sample, limited), delimiter, limits.MaxRecordBytes);
            try
            {
                byte[]? header = null;
                if (columns.HasHeader && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    header = reader.Raw.ToArray();
                }

                var chunk = new ArrayBufferWriter<byte>(64 * 1024);
                var rowsInChunk = 0;
                var chunks = 0;
                long total = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (++total > limits.MaxRows)
                    {
                        throw new JobRejectedException(JobRejection.TooManyRows, $"The file has more than {limits.MaxRows} rows (Verifier:Jobs:MaxRows).");
                    }

                    chunk.Write(reader.RawWithTerminator);
                    if (++rowsInChunk == limits.ChunkSize)
                    {
                        await upload.AppendChunkAsync(chunk.WrittenMemory, rowsInChunk, cancellationToken).ConfigureAwait(false);
                        chunk.ResetWrittenCount();
                        rowsInChunk = 0;
                        chunks++;
                    }
                }

                if (rowsInChunk > 0)
                {
                    await upload.AppendChunkAsync(chunk.WrittenMemory, rowsInChunk, cancellationToken).ConfigureAwait(false);
                    chunks++;
                }

                if (total == 0)
                {
                    throw new JobRejectedException(JobRejection.NoUsableColumn, "The file has a header row but no data rows.");
                }

                var now = time.GetUtcNow();
                var state = new JobState
                {
                    Id = id,
                    Status = JobStatus.Queued,
                    CreatedAt = now,
                    ExpiresAt = now + limits.Retention,
                    Smtp = submission.Smtp,
                    CallbackUrl = submission.CallbackUrl,
                    Layout = new CsvLayout(delimiter, hasBom, columns.HasHeader, columns.EmailColumn, columns.ColumnCount, reader.FirstLineEnding ?? "\r\n", encoding),
                    HeaderBytes = header,
                    Total = total,
                    ChunkSize = limits.ChunkSize,
                    ChunkCount = chunks,
                };
                await upload.CommitAsync(state, cancellationToken).ConfigureAwait(false);
                return state.Copy();
            }
            catch (CsvRecordTooLongException error)
            {
                throw new JobRejectedException(JobRejection.Unreadable, error.Message);
            }
        }
    }
}
