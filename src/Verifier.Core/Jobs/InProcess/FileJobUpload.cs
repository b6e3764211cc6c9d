namespace Verifier.Core.Jobs.InProcess;

/// <summary>A new job's rows being written to rows.csv; committing writes rows.idx and state.json. Disposed uncommitted, the folder is removed.</summary>
internal sealed class FileJobUpload(JobFolder folder, Func<FileJobEntry, CancellationToken, Task> commit) : IJobUpload
{
    private readonly List<long> _offsets = [0];
    private FileStream? _rows = new(folder.RowsPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
    private bool _committed;

    public async ValueTask AppendChunkAsync(ReadOnlyMemory<byte> rows, int rowCount, CancellationToken cancellationToken)
    {
        var stream = _rows ?? throw new InvalidOperationException("The upload is closed.");
        await stream.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
        _offsets.Add(_offsets[^1] + rows.Length);
    }

    public async Task CommitAsync(JobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.ChunkCount != _offsets.Count - 1)
        {
            throw new InvalidOperationException($"The state says {state.ChunkCount} chunks; {_offsets.Count - 1} were written.");
        }

        if (_rows is { } rows)
        {
            await rows.DisposeAsync().ConfigureAwait(false);
            _rows = null;
        }

        await folder.WriteIndexAsync(_offsets, cancellationToken).ConfigureAwait(false);
        await commit(new FileJobEntry(folder, state, [.. _offsets]), cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_rows is { } rows)
        {
            await rows.DisposeAsync().ConfigureAwait(false);
            _rows = null;
        }

        if (!_committed)
        {
            folder.Delete();
        }
    }
}
