using Microsoft.Extensions.Logging;

namespace Verifier.Core.Jobs;

/// <summary>
/// Logs an outage of the shared job backend (Redis) once: a warning at the first failure, information at the
/// first success after it. Workers wait <see cref="RetryDelay"/> between tries meanwhile.
/// </summary>
public sealed partial class JobBackendOutage(TimeProvider time, ILogger<JobBackendOutage> logger)
{
    /// <summary>How long a worker waits before trying Redis again during an outage.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private DateTimeOffset? _downSince;

    /// <summary>True from the first failure of an outage until the first success after it.</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _downSince is not null;
            }
        }
    }

    public void ReportFailure(string reason)
    {
        lock (_gate)
        {
            if (_downSince is not null)
            {
                return;
            }

            _downSince = time.GetUtcNow();
        }

        // Redis client messages go on with connection diagnostics after the first ';'.
        var end = reason.IndexOf("; ", StringComparison.Ordinal);
        LogOutage(logger, end > 0 ? reason[..end] : reason);
    }

    public void ReportSuccess()
    {
        TimeSpan outage;
        lock (_gate)
        {
            if (_downSince is not { } since)
            {
                return;
            }

            _downSince = null;
            outage = time.GetUtcNow() - since;
        }

        LogRestored(logger, outage);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job backend unavailable ({Reason}); job workers wait and try again")]
    private static partial void LogOutage(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job backend available again after {Outage}")]
    private static partial void LogRestored(ILogger logger, TimeSpan outage);
}
