using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Verifier.Core.Jobs.InProcess;

/// <summary>
/// The in-process queue: a channel in memory, retries held by timers. Nothing here survives a restart;
/// the worker re-queues every unfinished chunk from the store when it starts. A delivery is not handed
/// out again: a chunk whose processing fails is queued again by the worker.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue.")]
public sealed class ChannelJobQueue(TimeProvider time) : IJobQueue, IDisposable
{
    private readonly Channel<ChunkDelivery> _channel = Channel.CreateUnbounded<ChunkDelivery>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stopping = new();
    private long _deliveries;

    public bool IsShared => false;

    public ValueTask EnqueueAsync(IEnumerable<ChunkWork> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        foreach (var item in work)
        {
            Write(item);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ScheduleAsync(ChunkWork work, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var delay = due - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            Write(work);
            return ValueTask.CompletedTask;
        }

        _ = WriteLaterAsync(work, delay);
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<ChunkDelivery> ConsumeAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_channel.Reader.TryRead(out var delivery))
            {
                yield return delivery;
            }
        }
    }

    public ValueTask AcknowledgeAsync(ChunkDelivery delivery, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _channel.Writer.TryComplete();
    }

    private void Write(ChunkWork work)
    {
        var id = Interlocked.Increment(ref _deliveries).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _channel.Writer.TryWrite(new ChunkDelivery(work, id));
    }

    private async Task WriteLaterAsync(ChunkWork work, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _stopping.Token).ConfigureAwait(false);
            Write(work);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the chunk is re-queued from the store at the next start.
        }
        catch (ObjectDisposedException)
        {
            // Same.
        }
    }
}
