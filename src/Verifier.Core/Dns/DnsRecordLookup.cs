using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Verifier.Core.Domains;

/// <summary>
/// <see cref="IDnsRecordLookup"/> over DnsClient's <see cref="ILookupClient"/> (configured by
/// <see cref="Dns.LookupClientFactory"/>: DNS errors come back as response codes). Records are taken from the
/// answer section whatever their owner name, so a CNAME chain a recursive resolver followed is followed here too.
/// </summary>
public sealed class DnsRecordLookup(ILookupClient lookup) : IDnsRecordLookup
{
    /// <inheritdoc />
    public async Task<DnsAnswer<string>> GetTextAsync(string name, CancellationToken cancellationToken)
    {
        var (response, failure) = await QueryAsync<string>(name, QueryType.TXT, cancellationToken);
        return failure ?? Answer(response!, response!.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToList());
    }

    /// <inheritdoc />
    public async Task<DnsAnswer<IPAddress>> GetAddressesAsync(string name, CancellationToken cancellationToken)
    {
        var (response, failure) = await QueryAsync<IPAddress>(name, QueryType.A, cancellationToken);
        return failure ?? Answer(response!, response!.Answers.ARecords().Select(r => r.Address).ToList());
    }

    private static DnsAnswer<T> Answer<T>(IDnsQueryResponse response, List<T> records) => response.Header.ResponseCode switch
    {
        DnsHeaderResponseCode.NoError when records.Count > 0 => new DnsAnswer<T>(DnsAnswerStatus.Found, records),
        DnsHeaderResponseCode.NoError => new DnsAnswer<T>(DnsAnswerStatus.NoData, []),
        DnsHeaderResponseCode.NotExistentDomain => new DnsAnswer<T>(DnsAnswerStatus.NoSuchDomain, []),
        var code => new DnsAnswer<T>(DnsAnswerStatus.ServerFailure, [], code.ToString().ToUpperInvariant()),
    };

    private async Task<(IDnsQueryResponse? Response, DnsAnswer<T>? Failure)> QueryAsync<T>(
        string name, QueryType type, CancellationToken cancellationToken)
    {
        try
        {
            return (await lookup.QueryAsync(name, type, QueryClass.IN, cancellationToken), null);
        }
        catch (DnsResponseException) when (cancellationToken.IsCancellationRequested)
        {
            // DnsClient reports the caller's cancellation as a time-out; it is the caller's decision, not a DNS outcome.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return (null, new DnsAnswer<T>(DnsAnswerStatus.Timeout, [], $"no answer for {type} {name}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new DnsAnswer<T>(DnsAnswerStatus.Timeout, [], $"no answer for {type} {name}"));
        }
        catch (DnsResponseException e)
        {
            return (null, new DnsAnswer<T>(DnsAnswerStatus.ServerFailure, [], $"{type} {name}: {e.Message}"));
        }
    }
}
