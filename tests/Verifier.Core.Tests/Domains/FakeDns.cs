using System.Net;
using Verifier.Core.Dns;
using Verifier.Core.Domains;

namespace Verifier.Core.Tests.Domains;

/// <summary>An in-memory <see cref="IDnsRecordLookup"/>: names not added are NXDOMAIN. Counts the queries it answers.</summary>
internal sealed class FakeDns : IDnsRecordLookup
{
    private readonly Dictionary<string, List<string>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<IPAddress>> _a = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _queries = [];

    public IReadOnlyList<string> Queries => _queries;

    public FakeDns Txt(string name, params string[] records)
    {
        if (!_txt.TryGetValue(name, out var list))
        {
            _txt[name] = list = [];
        }

        list.AddRange(records);
        return this;
    }

    public FakeDns A(string name, string address)
    {
        if (!_a.TryGetValue(name, out var list))
        {
            _a[name] = list = [];
        }

        list.Add(IPAddress.Parse(address));
        return this;
    }

    public FakeDns ServFail(string name)
    {
        _failing.Add(name);
        return this;
    }

    public Task<DnsAnswer<string>> GetTextAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(name, _txt));

    public Task<DnsAnswer<IPAddress>> GetAddressesAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(name, _a));

    private DnsAnswer<T> Answer<T>(string name, Dictionary<string, List<T>> records)
    {
        lock (_queries)
        {
            _queries.Add(name);
        }

        if (_failing.Contains(name))
        {
            return new DnsAnswer<T>(DnsLookupOutcome.ServerFailure, [], "SERVFAIL");
        }

        if (records.TryGetValue(name, out var list))
        {
            return new DnsAnswer<T>(DnsLookupOutcome.Answer, list);
        }

        var exists = _txt.ContainsKey(name) || _a.ContainsKey(name);
        return new DnsAnswer<T>(exists ? DnsLookupOutcome.NoData : DnsLookupOutcome.NoSuchDomain, []);
    }
}
