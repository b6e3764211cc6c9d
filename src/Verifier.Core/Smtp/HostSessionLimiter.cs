using Microsoft.Extensions.Options;

namespace Verifier.Core.Smtp;

/// <summary>
/// In-process <see cref="IHostSessionLimiter"/>: one semaphore of <see cref="SmtpOptions.MaxSessionsPerHost"/>
/// slots per host name, created on first use and dropped when no session holds or awaits it.
/// </summary>
public sealed class HostSessionLimiter : IHostSessionLimiter
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _maxSessionsPerHost;

    public HostSessionLimiter(IOptions<SmtpOptions> options)
        : this(options?.Value.MaxSessionsPerHost ?? throw new ArgumentNullException(nameof(options)))
    {
    }

    public HostSessionLimiter(int maxSessionsPerHost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerHost, 1);
        _maxSessionsPerHost = maxSessionsPerHost;
    }

    /// <summary>Hosts that currently have a session or a waiter (for tests and diagnostics).</summary>
    public int TrackedHosts
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> AcquireAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(host, out gate!))
            {
                gate = new Gate(_maxSessionsPerHost);
                _gates.Add(host, gate);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(host, gate);
            throw;
        }

        return new Lease(this, host, gate);
    }

    private void Leave(string host, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(host);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate(int slots)
    {
        public SemaphoreSlim Semaphore { get; } = new(slots, slots);

        public int Users { get; set; }
    }

    private sealed class Lease(HostSessionLimiter owner, string host, Gate gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Semaphore.Release();
                owner.Leave(host, gate);
            }

            return ValueTask.CompletedTask;
        }
    }
}
