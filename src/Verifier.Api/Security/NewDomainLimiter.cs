using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Verifier.Api.Security;

/// <summary>
/// Per publishable key, the distinct domains it had SMTP-probed within the last minute. A domain already in the
/// window is admitted again at no cost; a new one only while the window holds fewer than
/// <see cref="AuthOptions.PublishableNewDomainsPerMinute"/>. Thread-safe; memory is bounded by keys × limit.
/// This process's windows only: without Redis, and during a Redis outage.
/// </summary>
internal sealed class NewDomainLimiter(IOptions<AuthOptions> options, TimeProvider time) : INewDomainLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Dictionary<string, DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    public ValueTask<bool> TryAdmitAsync(string keyId, string domain, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAdmit(keyId, domain));

    /// <summary>True when <paramref name="keyId"/> may have <paramref name="domain"/> probed now.</summary>
    public bool TryAdmit(string keyId, string domain)
    {
        var seen = _windows.GetOrAdd(keyId, _ => new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase));
        var now = time.GetUtcNow();
        lock (seen)
        {
            foreach (var expired in seen.Where(entry => now - entry.Value >= Window).Select(entry => entry.Key).ToList())
            {
                seen.Remove(expired);
            }

            if (seen.ContainsKey(domain))
            {
                return true;
            }

            if (seen.Count >= options.Value.PublishableNewDomainsPerMinute)
            {
                return false;
            }

            seen[domain] = now;
            return true;
        }
    }
}
