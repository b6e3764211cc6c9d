namespace Verifier.Core.Jobs;

/// <summary>
/// The shared job backend (Redis) cannot be reached now. The API answers 503; the worker leaves the chunk
/// unacknowledged, waits and tries again, so nothing is lost or counted twice.
/// </summary>
public sealed class JobStoreUnavailableException : Exception
{
    public JobStoreUnavailableException()
        : base("The job store is unavailable.")
    {
    }

    public JobStoreUnavailableException(string message)
        : base(message)
    {
    }

    public JobStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
