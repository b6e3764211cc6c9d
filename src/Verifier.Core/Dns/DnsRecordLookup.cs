using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Verifier.Core.Dns;

/// <summary>
/// <see cref="IDnsRecordLookup"/> through <see cref="DnsQuery"/>, on the shared <see cref="ILookupClient"/>. Records are
/// taken from the answer section whatever their owner name, so a CNAME chain a recursive resolver followed is
/// followed here too.
/// </summary>
public sealed class DnsRecordLookup(ILookupClient lookup) : IDnsRecordLookup
{
    /// <inheritdoc />
    public async Task<DnsAnswer<string>> GetTextAsync(string name, CancellationToken cancellationToken)
    {
        var sent = await DnsQuery.SendAsync(lookup, name, QueryType.TXT, cancellationToken).ConfigureAwait(false);
        return sent.Response is { } response
            ? Answer(response, response.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToList())
            : new DnsAnswer<string>(sent.Failure, [], sent.Error);
    }

    /// <inheritdoc />
    public async Task<DnsAnswer<IPAddress>> GetAddressesAsync(string name, CancellationToken cancellationToken)
    {
        var sent = await DnsQuery.SendAsync(lookup, name, QueryType.A, cancellationToken).ConfigureAwait(false);
        return sent.Response is { } response
            ? Answer(response, response.Answers.ARecords().Select(r => r.Address).ToList())
            : new DnsAnswer<IPAddress>(sent.Failure, [], sent.Error);
    }

    private static DnsAnswer<T> Answer<T>(IDnsQueryResponse response, List<T> records) => response.Header.ResponseCode switch
    {
        DnsHeaderResponseCode.NoError when records.Count > 0 => new DnsAnswer<T>(DnsLookupOutcome.Answer, records),
        DnsHeaderResponseCode.NoError => new DnsAnswer<T>(DnsLookupOutcome.NoData, []),
        DnsHeaderResponseCode.NotExistentDomain => new DnsAnswer<T>(DnsLookupOutcome.NoSuchDomain, []),
        var code => new DnsAnswer<T>(DnsLookupOutcome.ServerFailure, [], code.ToString().ToUpperInvariant()),
    };
}
