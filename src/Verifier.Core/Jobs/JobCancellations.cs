using System.Collections.Concurrent;

namespace Verifier.Core.Jobs;

/// <summary>Cancels the verification of a job's chunks in progress on this instance when the job is deleted.</summary>
public sealed class JobCancellations : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _sources = new(StringComparer.Ordinal);

    /// <summary>The token cancelled when the job is deleted.</summary>
    public CancellationToken TokenFor(string jobId) => _sources.GetOrAdd(jobId, _ => new CancellationTokenSource()).Token;

    /// <summary>Cancels work on the job and forgets it.</summary>
    public void Cancel(string jobId)
    {
        if (_sources.TryRemove(jobId, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var source in _sources.Values)
        {
            source.Dispose();
        }

        _sources.Clear();
    }
}
