using System.Buffers.Binary;
using System.Globalization;

namespace Verifier.Core.Jobs.InProcess;

/// <summary>
/// Reads a job folder back at start: results.bin is cut after its last whole block and the totals are recomputed
/// from the results and pending files, so a job interrupted at any point resumes from its last recorded chunk with
/// every row counted once. A folder without state.json is an upload that never finished and is removed.
/// </summary>
internal static class FileJobRecovery
{
    /// <summary>The job's entry; null when the folder held an unfinished upload (now removed).</summary>
    /// <exception cref="InvalidDataException">A file is not what it should be.</exception>
    public static async Task<FileJobEntry?> LoadAsync(JobFolder folder, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!File.Exists(folder.StatePath))
        {
            folder.Delete();
            return null;
        }

        var state = await folder.ReadStateAsync(cancellationToken).ConfigureAwait(false);
        var rowOffsets = await folder.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        if (rowOffsets.Length != state.ChunkCount + 1)
        {
            throw new InvalidDataException($"rows.idx has {rowOffsets.Length} offsets for {state.ChunkCount} chunks.");
        }

        var entry = new FileJobEntry(folder, state, rowOffsets);
        state.Processed = state.Deliverable = state.Undeliverable = state.Risky = state.Unknown = state.RetriesPending = 0;
        state.Bounces.Clear();

        await ReadResultsBackAsync(entry, cancellationToken).ConfigureAwait(false);
        await ReadPendingBackAsync(entry, cancellationToken).ConfigureAwait(false);

        if (entry.DoneChunks == state.ChunkCount && state.Status is JobStatus.Queued or JobStatus.Running)
        {
            state.Status = JobStatus.Completed;
            state.CompletedAt ??= time.GetUtcNow();
        }

        await folder.WriteStateAsync(state, cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>Indexes results.bin, recounting every completed chunk, and cuts off a block left half-written.</summary>
    private static async Task ReadResultsBackAsync(FileJobEntry entry, CancellationToken cancellationToken)
    {
        var path = entry.Folder.ResultsPath;
        if (!File.Exists(path))
        {
            return;
        }

        var state = entry.State;
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var header = new byte[JobFolder.BlockHeaderBytes];
            long position = 0;
            while (true)
            {
                var read = await stream.ReadAtLeastAsync(header, JobFolder.BlockHeaderBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < JobFolder.BlockHeaderBytes)
                {
                    break;
                }

                var chunk = BinaryPrimitives.ReadInt32LittleEndian(header);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                if (chunk < 0 || chunk >= state.ChunkCount || length < 4 || position + JobFolder.BlockHeaderBytes + length > stream.Length)
                {
                    break;
                }

                var payload = new byte[length];
                await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
                if (entry.ResultOffsets[chunk] < 0)
                {
                    foreach (var row in RowResultCodec.Decode(payload))
                    {
                        state.Count(row);
                    }

                    entry.ResultOffsets[chunk] = position + JobFolder.BlockHeaderBytes;
                    entry.ResultLengths[chunk] = length;
                    entry.DoneChunks++;
                }

                position += JobFolder.BlockHeaderBytes + length;
            }

            if (position < stream.Length)
            {
                stream.SetLength(position);
            }
        }
    }

    /// <summary>Counts the final rows of chunks waiting for a retry; a pending file of a completed chunk is stale and removed.</summary>
    private static async Task ReadPendingBackAsync(FileJobEntry entry, CancellationToken cancellationToken)
    {
        var state = entry.State;
        var pendingDirectory = entry.Folder.PendingDirectory;
        if (!Directory.Exists(pendingDirectory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(pendingDirectory, "*.json"))
        {
            if (!int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
                || chunk >= state.ChunkCount || entry.ResultOffsets[chunk] >= 0)
            {
                File.Delete(file);
                continue;
            }

            var pending = await JobFolder.ReadPendingAsync(file, cancellationToken).ConfigureAwait(false);
            var waiting = pending.Pending.ToHashSet();
            for (var row = 0; row < pending.Results.Length; row++)
            {
                if (!waiting.Contains(row))
                {
                    state.Count(pending.Results[row]);
                }
            }

            state.RetriesPending += pending.Pending.Length;
            entry.Pending[chunk] = (pending.Attempt, pending.Pending.Length, pending.RetryAt);
        }
    }
}
