using System.Collections.Concurrent;

namespace Verifier.Core.Verification;

/// <summary>
/// Runs that outlive the calls that started them. A call with a time budget answers when its budget is spent while
/// its run goes on and caches what it finds for the next call; identical calls in the meantime share that run. At
/// shutdown (<see cref="StopAsync"/>) the runs still going are stopped, so that their SMTP sessions end with QUIT
/// rather than a dropped connection, and awaited.
/// </summary>
internal sealed class SharedRuns : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DomainRun>> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>The run in flight under <paramref name="key"/>, or a new one made by <paramref name="start"/> with the runs' own token.</summary>
    public DomainRun Join(string key, Func<CancellationToken, DomainRun> start)
    {
        var created = new Lazy<DomainRun>(() => start(_stopping.Token));
        var joined = _inFlight.GetOrAdd(key, created);
        var run = joined.Value;
        if (ReferenceEquals(joined, created))
        {
            _ = run.Completion.ContinueWith(
                _ => _inFlight.TryRemove(KeyValuePair.Create(key, created)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return run;
    }

    /// <summary>
    /// Stops the runs still going (a stopped probe ends its session with QUIT within Smtp:StopGrace) and waits for
    /// them until <paramref name="cancellationToken"/> says the host will wait no longer.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return; // disposed first: every run was cancelled then
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var running = _inFlight.Values.Where(run => run.IsValueCreated).Select(run => (Task)run.Value.Completion).ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Idempotent: the container may dispose the owner once per registration that hands it out.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }
}
