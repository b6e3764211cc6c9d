using DnsClient;

namespace Verifier.Core.Dns;

/// <summary>
/// The one place the engine asks DnsClient a question. DNS error codes come back in the response (the client is
/// built not to throw them, <see cref="LookupClientFactory"/>); a time-out or network failure comes back as a failed
/// outcome; the caller's own cancellation is thrown.
/// </summary>
internal static class DnsQuery
{
    public static async Task<DnsQueryResult> SendAsync(ILookupClient lookup, string name, QueryType type, CancellationToken cancellationToken)
    {
        try
        {
            return new DnsQueryResult(await lookup.QueryAsync(name, type, QueryClass.IN, cancellationToken).ConfigureAwait(false), default, null);
        }
        catch (DnsResponseException) when (cancellationToken.IsCancellationRequested)
        {
            // DnsClient reports the caller's cancellation as a time-out; it is neither a time-out nor a DNS outcome.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new DnsQueryResult(null, DnsLookupOutcome.Timeout, $"no answer for {type} {name}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DnsQueryResult(null, DnsLookupOutcome.Timeout, $"no answer for {type} {name}");
        }
        catch (DnsResponseException e)
        {
            return new DnsQueryResult(null, DnsLookupOutcome.ServerFailure, $"{type} {name}: {e.Message}");
        }
    }
}

/// <summary>What one query gave: a response (whatever its code), or why there is none.</summary>
/// <param name="Response">The response; null when the query failed.</param>
/// <param name="Failure"><see cref="DnsLookupOutcome.Timeout"/> or <see cref="DnsLookupOutcome.ServerFailure"/> when there is no response.</param>
/// <param name="Error">What went wrong when there is no response.</param>
internal readonly record struct DnsQueryResult(IDnsQueryResponse? Response, DnsLookupOutcome Failure, string? Error);
