using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Verifier.Core.Jobs.InProcess;

/// <summary>
/// The files of one job, in its folder under <see cref="JobsOptions.DataDirectory"/>, and the only code that reads
/// or writes them:
/// <code>
/// state.json          the job's state (written to a temporary file, then renamed over the old one)
/// rows.csv            the uploaded records, header excluded, byte for byte
/// rows.idx            where each chunk starts in rows.csv: ChunkCount + 1 little-endian int64
/// results.bin         completed chunks, appended as [chunk int32][length int32][RowResultCodec payload]
/// pending/{n}.json    chunk n's latest results while some of its rows wait for a retry
/// </code>
/// </summary>
internal sealed class JobFolder(string directory)
{
    /// <summary>The header of a results.bin block: chunk and payload length.</summary>
    public const int BlockHeaderBytes = 8;

    public string Directory { get; } = directory;

    public string StatePath => Path.Combine(Directory, "state.json");

    public string RowsPath => Path.Combine(Directory, "rows.csv");

    public string IndexPath => Path.Combine(Directory, "rows.idx");

    public string ResultsPath => Path.Combine(Directory, "results.bin");

    public string PendingDirectory => Path.Combine(Directory, "pending");

    public string PendingPath(int chunk) => Path.Combine(PendingDirectory, chunk.ToString(CultureInfo.InvariantCulture) + ".json");

    public Task WriteStateAsync(JobState state, CancellationToken cancellationToken) =>
        WriteJsonAtomicallyAsync(StatePath, state, JobsJsonContext.Default.JobState, cancellationToken);

    public async Task<JobState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(StatePath);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, JobsJsonContext.Default.JobState, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("Empty state file.");
        }
    }

    public Task WriteIndexAsync(IReadOnlyList<long> offsets, CancellationToken cancellationToken)
    {
        var index = new byte[offsets.Count * 8];
        for (var i = 0; i < offsets.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(i * 8), offsets[i]);
        }

        return File.WriteAllBytesAsync(IndexPath, index, cancellationToken);
    }

    public async Task<long[]> ReadIndexAsync(CancellationToken cancellationToken)
    {
        var indexBytes = await File.ReadAllBytesAsync(IndexPath, cancellationToken).ConfigureAwait(false);
        var offsets = new long[indexBytes.Length / 8];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(indexBytes.AsSpan(i * 8));
        }

        return offsets;
    }

    public Task<byte[]> ReadRowsAsync(long offset, int length, CancellationToken cancellationToken) =>
        ReadAtAsync(RowsPath, offset, length, cancellationToken);

    public Task<byte[]> ReadResultsAsync(long offset, int length, CancellationToken cancellationToken) =>
        ReadAtAsync(ResultsPath, offset, length, cancellationToken);

    /// <summary>Appends a completed chunk's block to results.bin; returns where its payload starts.</summary>
    public async Task<long> AppendResultsAsync(int chunk, byte[] payload, CancellationToken cancellationToken)
    {
        var stream = new FileStream(ResultsPath, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var start = stream.Position;
            var header = new byte[BlockHeaderBytes];
            BinaryPrimitives.WriteInt32LittleEndian(header, chunk);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), payload.Length);
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            return start + BlockHeaderBytes;
        }
    }

    public Task WritePendingAsync(int chunk, PendingChunk pending, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(PendingDirectory);
        return WriteJsonAtomicallyAsync(PendingPath(chunk), pending, JobsJsonContext.Default.PendingChunk, cancellationToken);
    }

    public Task<PendingChunk> ReadPendingAsync(int chunk, CancellationToken cancellationToken) =>
        ReadPendingAsync(PendingPath(chunk), cancellationToken);

    public static async Task<PendingChunk> ReadPendingAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, JobsJsonContext.Default.PendingChunk, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("Empty pending file.");
        }
    }

    public void DeletePending(int chunk) => File.Delete(PendingPath(chunk));

    /// <summary>Removes the folder and everything in it.</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static async Task<byte[]> ReadAtAsync(string path, long offset, int length, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        var buffer = new byte[length];
        var done = 0;
        while (done < length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(done), offset + done, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} ends before offset {offset + length}.");
            }

            done += read;
        }

        return buffer;
    }

    private static async Task WriteJsonAtomicallyAsync<T>(string path, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, value, type, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
