using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Dns;

/// <summary>
/// The domain stage: finds a domain's mail exchangers and their addresses with DnsClient.
/// <list type="bullet">
/// <item>MX records in preference order (ties keep the server's order); the first
/// <see cref="DnsOptions.MaxMailExchangers"/> hosts get their A and AAAA records resolved, in parallel.</item>
/// <item>A single MX of "." is a null MX (RFC 7505).</item>
/// <item>No MX but A/AAAA records: the domain is its own implicit MX (RFC 5321 §5.1).</item>
/// <item>MX hosts none of which has an address (each NXDOMAIN or without A/AAAA: a dangling MX) leave the domain
/// without a mail server; when one of those lookups failed instead, the outcome is that failure.</item>
/// <item>NXDOMAIN, NODATA, SERVFAIL/REFUSED and time-out are distinct outcomes; the last two are never
/// reported as a missing domain or mail server.</item>
/// <item>CNAMEs are followed (also for MX hosts, as MTAs do); a loop ends the chain.</item>
/// <item>The TTL is the smallest seen, capped by <see cref="DnsOptions.MaxTimeToLive"/>; negative answers use the
/// SOA's negative TTL (RFC 2308 §5) or <see cref="DnsOptions.NegativeTimeToLive"/>.</item>
/// </list>
/// </summary>
public sealed partial class MailDomainResolver : IMailDomainResolver
{
    /// <summary>CNAME hops followed for one lookup, across queries (RFC 1034 §3.6.2 leaves the limit to the resolver).</summary>
    internal const int MaxCnameHops = 8;

    private readonly ILookupClient _lookup;
    private readonly DnsOptions _options;
    private readonly ILogger<MailDomainResolver> _logger;

    public MailDomainResolver(ILookupClient lookup, IOptions<DnsOptions> options, ILogger<MailDomainResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _lookup = lookup;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="domain"/> is not a domain name.</exception>
    public async Task<DomainMailInfo> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        var name = NormalizeDomain(domain);
        using var activity = VerifierTracing.StartDnsResolve(name);
        var mx = await LookupAsync(name, QueryType.MX, cancellationToken).ConfigureAwait(false);

        var info = mx.Outcome switch
        {
            DnsLookupOutcome.Answer => await FromMxRecordsAsync(name, mx, cancellationToken).ConfigureAwait(false),
            DnsLookupOutcome.NoData => await FromImplicitMxAsync(name, mx, cancellationToken).ConfigureAwait(false),
            DnsLookupOutcome.NoSuchDomain => Empty(name, DomainStatus.NoSuchDomain, mx.TimeToLive),
            DnsLookupOutcome.Timeout => Empty(name, DomainStatus.Timeout, mx.TimeToLive, mx.Error),
            _ => Empty(name, DomainStatus.ServerFailure, mx.TimeToLive, mx.Error),
        };

        LogResolved(name, info.Status, info.MailExchangers.Count, info.TimeToLive);
        VerifierTracing.DnsResolved(activity, info);
        return info;
    }

    /// <summary>Lower-case A-label form without a trailing dot: "Bücher.Example." → "xn--bcher-kva.example".</summary>
    /// <exception cref="ArgumentException">Empty, or not convertible to an A-label name.</exception>
    public static string NormalizeDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var trimmed = domain.Trim();
        if (trimmed.EndsWith('.'))
        {
            trimmed = trimmed[..^1];
        }

        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The domain is empty.", nameof(domain));
        }

        var ascii = System.Text.Ascii.IsValid(trimmed) ? trimmed : Idna.ToAscii(trimmed);
        return ascii.ToLowerInvariant();
    }

    private async Task<DomainMailInfo> FromMxRecordsAsync(string domain, DnsLookup mx, CancellationToken cancellationToken)
    {
        // OrderBy is a stable sort: equal preferences keep the order the server gave.
        var records = mx.Records
            .OfType<MxRecord>()
            .Select(r => (Host: NormalizeName(r.Exchange.Value), Preference: (int)r.Preference))
            .OrderBy(r => r.Preference)
            .ToList();

        // RFC 7505 §3: the null MX is the only MX of its domain. Mixed with real hosts it names no host and is skipped.
        var hosts = records
            .Where(r => r.Host.Length > 0)
            .DistinctBy(r => r.Host, StringComparer.Ordinal)
            .ToList();
        if (hosts.Count == 0)
        {
            return Empty(domain, DomainStatus.NullMx, mx.TimeToLive);
        }

        var resolved = await Task.WhenAll(hosts
            .Take(_options.MaxMailExchangers)
            .Select(h => ResolveHostAsync(h.Host, cancellationToken))).ConfigureAwait(false);

        var exchangers = hosts
            .Select((h, i) => new MailExchanger(h.Host, h.Preference, i < resolved.Length ? resolved[i].Addresses : []))
            .ToList();
        var timeToLive = resolved.Select(r => r.TimeToLive).Append(mx.TimeToLive).Min();
        if (resolved.Length == hosts.Count && resolved.All(r => r.Addresses.Count == 0))
        {
            return WithoutMailHost(domain, exchangers, resolved, Cap(timeToLive));
        }

        return new DomainMailInfo(domain, DomainStatus.Resolved, exchangers, ImplicitMx: false, Cap(timeToLive));
    }

    /// <summary>
    /// Every MX host was looked up and none has an address. When each name is missing (NXDOMAIN) or has no A/AAAA
    /// (a dangling MX), no mail can be routed: an MTA bounces it (Postfix: 5.4.4 "Host or domain name not found"),
    /// so the domain has no mail server. A failed lookup (SERVFAIL, time-out) leaves it open, as it does an MTA,
    /// which defers (4.4.3): that is a DNS error. The hosts stay listed, for the result to show.
    /// </summary>
    private static DomainMailInfo WithoutMailHost(
        string domain,
        List<MailExchanger> exchangers,
        (IReadOnlyList<IPAddress> Addresses, TimeSpan TimeToLive, DnsLookup[] Lookups)[] resolved,
        TimeSpan timeToLive)
    {
        if (resolved.SelectMany(r => r.Lookups).FirstOrDefault(l => l.IsFailure) is { } failure)
        {
            var status = failure.Outcome == DnsLookupOutcome.Timeout ? DomainStatus.Timeout : DomainStatus.ServerFailure;
            return new DomainMailInfo(domain, status, exchangers, ImplicitMx: false, timeToLive, "MX host lookup failed: " + failure.Error);
        }

        var hosts = exchangers.Select((mx, i) =>
            mx.Host + (resolved[i].Lookups.All(l => l.Outcome == DnsLookupOutcome.NoSuchDomain) ? " does not exist" : " has no A/AAAA record"));
        return new DomainMailInfo(
            domain, DomainStatus.NoMailServer, exchangers, ImplicitMx: false, timeToLive,
            "no MX host has an address: " + string.Join(", ", hosts));
    }

    private async Task<DomainMailInfo> FromImplicitMxAsync(string domain, DnsLookup mx, CancellationToken cancellationToken)
    {
        var a = LookupAsync(domain, QueryType.A, cancellationToken);
        var aaaa = LookupAsync(domain, QueryType.AAAA, cancellationToken);
        var lookups = await Task.WhenAll(a, aaaa).ConfigureAwait(false);

        var addresses = Addresses(lookups);
        var timeToLive = Min(AddressTimeToLive(lookups), mx.TimeToLive);
        if (addresses.Count > 0)
        {
            var exchanger = new MailExchanger(domain, 0, addresses);
            return new DomainMailInfo(domain, DomainStatus.Resolved, [exchanger], ImplicitMx: true, Cap(timeToLive));
        }

        // Without addresses, a failed A or AAAA lookup leaves the question open: unknown, not "no mail server".
        var failure = lookups.FirstOrDefault(l => l.IsFailure);
        if (failure is not null)
        {
            var status = failure.Outcome == DnsLookupOutcome.Timeout ? DomainStatus.Timeout : DomainStatus.ServerFailure;
            return Empty(domain, status, failure.TimeToLive, failure.Error);
        }

        return Empty(domain, DomainStatus.NoMailServer, timeToLive);
    }

    private async Task<(IReadOnlyList<IPAddress> Addresses, TimeSpan TimeToLive, DnsLookup[] Lookups)> ResolveHostAsync(
        string host, CancellationToken cancellationToken)
    {
        var lookups = await Task.WhenAll(
            LookupAsync(host, QueryType.A, cancellationToken),
            LookupAsync(host, QueryType.AAAA, cancellationToken)).ConfigureAwait(false);
        return (Addresses(lookups), AddressTimeToLive(lookups), lookups);
    }

    /// <summary>
    /// The TTL of a host's addresses: the smallest TTL of the address records and of any failed lookup. When the
    /// host has an address, a missing family (NODATA for AAAA, typically) does not shorten it; when it has none,
    /// the negative answers do, so that a host that gains addresses is seen again soon.
    /// </summary>
    private static TimeSpan AddressTimeToLive(IReadOnlyCollection<DnsLookup> lookups)
    {
        var counted = lookups.Any(l => l.Outcome == DnsLookupOutcome.Answer)
            ? lookups.Where(l => l.Outcome == DnsLookupOutcome.Answer || l.IsFailure)
            : lookups;
        return counted.Min(l => l.TimeToLive);
    }

    private static List<IPAddress> Addresses(IEnumerable<DnsLookup> lookups) =>
        lookups
            .SelectMany(l => l.Records)
            .Select(r => r switch
            {
                ARecord a => a.Address,
                AaaaRecord aaaa => aaaa.Address,
                _ => null,
            })
            .OfType<IPAddress>()
            .Distinct()
            .ToList();

    /// <summary>
    /// Asks for <paramref name="type"/> records of <paramref name="name"/>, following CNAMEs: first within the
    /// answer (a recursive server includes the chain), then with new queries when the chain ends without records.
    /// </summary>
    private async Task<DnsLookup> LookupAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { name };
        var current = name;
        var chainTimeToLive = TimeSpan.MaxValue;
        var hops = 0;

        while (true)
        {
            var queried = current;
            var (response, failure) = await QueryAsync(queried, type, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            var code = response!.Header.ResponseCode;
            if (code == DnsHeaderResponseCode.NotExistentDomain)
            {
                return Log(name, type, new DnsLookup(DnsLookupOutcome.NoSuchDomain, [], NegativeTimeToLive(response)));
            }

            if (code != DnsHeaderResponseCode.NoError)
            {
                return Log(name, type, Failure(DnsLookupOutcome.ServerFailure, $"{ResponseCodeName(code)} for {type} {queried}"));
            }

            // Walk the CNAME chain the server put in the answer.
            var answers = response.Answers;
            while (type != QueryType.CNAME
                && answers.OfType<CNameRecord>().FirstOrDefault(c => NormalizeName(c.DomainName.Value) == current) is { } alias)
            {
                current = NormalizeName(alias.CanonicalName.Value);
                chainTimeToLive = Min(chainTimeToLive, Seconds(alias.InitialTimeToLive));
                if (!visited.Add(current) || ++hops > MaxCnameHops)
                {
                    return Log(name, type, Failure(DnsLookupOutcome.ServerFailure, $"CNAME loop or chain longer than {MaxCnameHops} at {current}"));
                }
            }

            var records = answers
                .Where(r => (int)r.RecordType == (int)type && NormalizeName(r.DomainName.Value) == current)
                .ToList();
            if (records.Count > 0)
            {
                var timeToLive = Min(chainTimeToLive, records.Min(r => Seconds(r.InitialTimeToLive)));
                return Log(name, type, new DnsLookup(DnsLookupOutcome.Answer, records, timeToLive));
            }

            // The chain ended at a name this response says nothing definite about (no records, no SOA): the server
            // did not follow the alias, so ask for the end of the chain directly. Each name is asked at most once.
            if (current != queried && !response.Authorities.OfType<SoaRecord>().Any())
            {
                continue;
            }

            return Log(name, type, new DnsLookup(DnsLookupOutcome.NoData, [], Min(chainTimeToLive, NegativeTimeToLive(response))));
        }
    }

    /// <summary>One query through <see cref="DnsQuery"/>; a time-out says how long was waited.</summary>
    private async Task<(IDnsQueryResponse? Response, DnsLookup? Failure)> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        var sent = await DnsQuery.SendAsync(_lookup, name, type, cancellationToken).ConfigureAwait(false);
        if (sent.Response is { } response)
        {
            return (response, null);
        }

        var error = sent.Failure == DnsLookupOutcome.Timeout
            ? $"{sent.Error} within {_options.Timeout.TotalMilliseconds:0} ms ({_options.Retries + 1} attempts)"
            : sent.Error!;
        return (null, Log(name, type, Failure(sent.Failure, error)));
    }

    private DnsLookup Failure(DnsLookupOutcome outcome, string error) => new(outcome, [], _options.FailureTimeToLive, error);

    /// <summary>RFC 2308 §5: the smaller of the SOA's TTL and its MINIMUM field; without an SOA, the configured value.</summary>
    private TimeSpan NegativeTimeToLive(IDnsQueryResponse response)
    {
        var soa = response.Authorities.OfType<SoaRecord>().FirstOrDefault();
        return soa is null
            ? _options.NegativeTimeToLive
            : Min(Seconds(soa.InitialTimeToLive), Seconds((int)Math.Min(soa.Minimum, int.MaxValue)));
    }

    private DomainMailInfo Empty(string domain, DomainStatus status, TimeSpan timeToLive, string? error = null) =>
        new(domain, status, [], ImplicitMx: false, Cap(timeToLive), error);

    private TimeSpan Cap(TimeSpan timeToLive) => Min(timeToLive, _options.MaxTimeToLive);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(Math.Max(0, seconds));

    /// <summary>
    /// A name from a response in the same form as <see cref="NormalizeDomain"/>. DnsClient gives owner names in
    /// Unicode (U-label) form, so they are mapped back to A-labels before they are compared or returned.
    /// </summary>
    private static string NormalizeName(string name)
    {
        var trimmed = name.TrimEnd('.');
        // Not mappable: left as it is, it matches no name we asked for.
        if (!System.Text.Ascii.IsValid(trimmed) && Idna.TryToAscii(trimmed, out var ascii))
        {
            trimmed = ascii;
        }

        return trimmed.ToLowerInvariant();
    }

    private static string ResponseCodeName(DnsHeaderResponseCode code) => code switch
    {
        DnsHeaderResponseCode.ServerFailure => "SERVFAIL",
        DnsHeaderResponseCode.Refused => "REFUSED",
        DnsHeaderResponseCode.FormatError => "FORMERR",
        DnsHeaderResponseCode.NotImplemented => "NOTIMP",
        _ => $"response code {(int)code}",
    };

    private DnsLookup Log(string name, QueryType type, DnsLookup lookup)
    {
        LogLookup(type, name, lookup.Outcome, lookup.Records.Count, lookup.Error);
        return lookup;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS {Type} {Name}: {Outcome}, {Count} records {Error}")]
    private partial void LogLookup(QueryType type, string name, DnsLookupOutcome outcome, int count, string? error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail routing of {Domain}: {Status}, {Count} exchangers, TTL {TimeToLive}")]
    private partial void LogResolved(string domain, DomainStatus status, int count, TimeSpan timeToLive);
}
