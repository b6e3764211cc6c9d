namespace Verifier.Core.Smtp;

/// <summary>
/// Limits concurrent SMTP sessions per MX host, so the prober never looks like a burst to a receiving server.
/// The in-process <see cref="HostSessionLimiter"/> serves one instance; a shared implementation (e.g. Redis)
/// extends the limit across instances.
/// </summary>
public interface IHostSessionLimiter
{
    /// <summary>Waits for a session slot on <paramref name="host"/>; disposing the result frees the slot.</summary>
    /// <param name="host">The MX host name (compared case-insensitively).</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    ValueTask<IAsyncDisposable> AcquireAsync(string host, CancellationToken cancellationToken);
}
