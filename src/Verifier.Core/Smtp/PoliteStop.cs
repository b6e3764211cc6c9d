namespace Verifier.Core.Smtp;

/// <summary>
/// How a probe stops when it is told to (shutdown, a cancelled job, a client gone, the probe time-out) while a
/// session is open. <see cref="Requested"/> is checked between commands: the session then ends with QUIT, as a
/// well-behaved MTA ends it. Commands themselves run under <see cref="Abort"/>, which fires
/// <see cref="SmtpOptions.StopGrace"/> after the request, so a server that never answers the command in flight
/// cannot hold the stop back (its connection is then dropped without QUIT, as nothing more can be said to it).
/// </summary>
internal sealed class PoliteStop : IDisposable
{
    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenRegistration _abortLater;

    public PoliteStop(TimeSpan grace, TimeProvider timeProvider, CancellationToken requested)
    {
        Requested = requested;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _abortLater = requested.Register(static state =>
        {
            var (abort, grace) = ((CancellationTokenSource, TimeSpan))state!;
            if (grace <= TimeSpan.Zero)
            {
                abort.Cancel();
            }
            else
            {
                abort.CancelAfter(grace);
            }
        }, (_abort, grace));
    }

    /// <summary>Fires when the probe should stop; no new session or command starts after it.</summary>
    public CancellationToken Requested { get; }

    /// <summary>Fires a grace period after <see cref="Requested"/>: the command in flight is abandoned.</summary>
    public CancellationToken Abort => _abort.Token;

    public void Dispose()
    {
        _abortLater.Dispose();
        _abort.Dispose();
    }
}
