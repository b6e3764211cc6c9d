namespace Verifier.Core.IO;

/// <summary>
/// A read-only view of a stream that fails once more than <paramref name="limit"/> bytes have been read, with the
/// exception the caller's layer speaks (an HTTP 413, a refused job upload), however the source counts its length.
/// </summary>
public sealed class ReadLimitStream(Stream inner, long limit, Func<long, Exception> tooLarge) : ReadOnlyStream
{
    private long _read;

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int bytes)
    {
        _read += bytes;
        if (_read > limit)
        {
            throw tooLarge(limit);
        }

        return bytes;
    }
}
