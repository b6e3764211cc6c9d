using System.Text;

namespace Verifier.Core.Smtp;

/// <summary>
/// Sits between the socket and MailKit and bounds what a server may send back: each reply must arrive within
/// a time limit counted from the command that asked for it (from the connection for the greeting), no reply
/// line may exceed a byte limit without LF, and no reply may exceed a line limit. MailKit itself buffers a
/// reply without bound, so a hostile server could otherwise exhaust memory or hold a session forever.
/// After STARTTLS the bytes are ciphertext: from then on the stream bounds the bytes received per command
/// (lines cannot be seen), while the time limit still applies.
/// </summary>
internal sealed class ReplyLimitingStream : Stream
{
    private static readonly byte[] StartTls = "STARTTLS"u8.ToArray();

    private readonly Stream _inner;
    private readonly int _maxLineBytes;
    private readonly int _maxLines;
    private readonly long _maxEncryptedBytes;
    private readonly TimeSpan _replyTimeout;
    private readonly TimeProvider _timeProvider;

    private long _replyStarted;
    private int _lineBytes;
    private int _lines;
    private long _bytesSinceWrite;
    private bool _startTlsPending;
    private bool _encrypted;

    public ReplyLimitingStream(Stream inner, int maxLineBytes, int maxLines, TimeSpan replyTimeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        _inner = inner;
        _maxLineBytes = maxLineBytes;
        _maxLines = maxLines;
        _maxEncryptedBytes = ((long)maxLineBytes + 2) * maxLines + 64 * 1024;
        _replyTimeout = replyTimeout;
        _timeProvider = timeProvider;
        _replyStarted = timeProvider.GetTimestamp();
    }

    /// <summary>Why the stream ended the session, when a reply broke a limit.</summary>
    public string? Violation { get; private set; }

    /// <summary>True once the client has sent STARTTLS on this connection.</summary>
    public bool StartTlsSent { get; private set; }

    /// <summary>True when a reply did not arrive in time.</summary>
    public bool ReplyTimedOut { get; private set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override bool CanTimeout => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfViolated();
        var read = _inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfViolated();
        var remaining = _replyTimeout - _timeProvider.GetElapsedTime(_replyStarted);
        if (remaining <= TimeSpan.Zero)
        {
            throw TimedOut();
        }

        using var timeout = new CancellationTokenSource(remaining, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut();
        }

        Inspect(buffer.Span[..read]);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        OnClientWrite(buffer);
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        OnClientWrite(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void OnClientWrite(ReadOnlySpan<byte> command)
    {
        if (!_encrypted && command.Length >= StartTls.Length && Ascii.EqualsIgnoreCase(command[..StartTls.Length], StartTls))
        {
            _startTlsPending = true;
            StartTlsSent = true;
        }

        _replyStarted = _timeProvider.GetTimestamp();
        _lines = 0;
        _bytesSinceWrite = 0;
    }

    private void Inspect(ReadOnlySpan<byte> received)
    {
        for (var i = 0; i < received.Length; i++)
        {
            if (_encrypted)
            {
                _bytesSinceWrite += received.Length - i;
                if (_bytesSinceWrite > _maxEncryptedBytes)
                {
                    throw Violated($"the server sent more than {_maxEncryptedBytes} bytes in answer to one command");
                }

                return;
            }

            if (received[i] == (byte)'\n')
            {
                _lineBytes = 0;
                if (++_lines > _maxLines)
                {
                    throw Violated($"a reply had more than {_maxLines} lines");
                }

                if (_startTlsPending)
                {
                    _startTlsPending = false;
                    _encrypted = true;
                }
            }
            else if (++_lineBytes > _maxLineBytes)
            {
                throw Violated($"a reply line was longer than {_maxLineBytes} bytes");
            }
        }
    }

    private void ThrowIfViolated()
    {
        if (Violation is not null)
        {
            throw new IOException("The session was ended: " + Violation + ".");
        }

        if (ReplyTimedOut)
        {
            throw new TimeoutException("The session was ended: a reply did not arrive in time.");
        }
    }

    private IOException Violated(string violation)
    {
        Violation = violation;
        return new IOException("The session was ended: " + violation + ".");
    }

    private TimeoutException TimedOut()
    {
        ReplyTimedOut = true;
        return new TimeoutException($"No complete reply within {_replyTimeout.TotalMilliseconds:0} ms.");
    }
}
