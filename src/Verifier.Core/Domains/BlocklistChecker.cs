using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Verifier.Core.Dns;

namespace Verifier.Core.Domains;

/// <summary>How one address fared on one blocklist.</summary>
public enum BlocklistStatus
{
    /// <summary>The list returned a 127.0.0.x answer: the address is listed.</summary>
    Listed,

    /// <summary>NXDOMAIN (or NODATA): not listed.</summary>
    NotListed,

    /// <summary>The list answered 127.255.255.x: it refused the query (public resolver, no account, over quota). Not a listing.</summary>
    QueryRefused,

    /// <summary>No usable answer: a DNS failure, a time-out, or an answer outside 127.0.0.0/8 (a resolver rewriting NXDOMAIN).</summary>
    Error,
}

/// <summary>One address looked up on one blocklist.</summary>
/// <param name="Host">The MX host the address belongs to.</param>
/// <param name="Address">The address.</param>
/// <param name="Zone">The blocklist zone.</param>
/// <param name="Query">The name asked: the address reversed (IPv6 as nibbles) under the zone.</param>
/// <param name="Status">The outcome.</param>
/// <param name="ReturnCodes">The A records the list returned (they say which sub-list, e.g. 127.0.0.2 = Spamhaus SBL).</param>
/// <param name="Reason">The list's TXT explanation, usually with a removal link; null when not listed or none given.</param>
/// <param name="Error">What went wrong, for <see cref="BlocklistStatus.Error"/>.</param>
public sealed record BlocklistListing(
    string Host,
    string Address,
    string Zone,
    string Query,
    BlocklistStatus Status,
    IReadOnlyList<string> ReturnCodes,
    string? Reason,
    string? Error = null);

/// <summary>The MX addresses of a domain on the configured DNS blocklists.</summary>
/// <param name="Zones">The zones consulted (empty: none configured).</param>
/// <param name="Listed">True when any address is listed anywhere.</param>
/// <param name="Results">One entry per address and zone.</param>
/// <param name="Problems">Listings and unusable answers, most severe first.</param>
public sealed record BlocklistReport(
    IReadOnlyList<string> Zones,
    bool Listed,
    IReadOnlyList<BlocklistListing> Results,
    IReadOnlyList<SenderProblem> Problems);

/// <summary>
/// Looks addresses up on DNS blocklists (RFC 5782): <c>4.3.2.1.zone</c> for 1.2.3.4, 32 reversed nibbles for IPv6.
/// An A answer in 127.0.0.0/8 means listed (except 127.255.255.x, Spamhaus's "query refused"), NXDOMAIN means not
/// listed; the TXT record at the same name gives the reason. Lookups run with bounded concurrency, each with its
/// own time-out.
/// </summary>
public sealed class BlocklistChecker(IDnsRecordLookup dns, IOptions<BlocklistOptions> options, TimeProvider time)
{
    public const string Blocklisted = "blocklisted";
    public const string QueryRefusedCode = "blocklist_query_refused";
    public const string Unavailable = "blocklist_unavailable";
    public const string NoZones = "blocklists_not_configured";

    private readonly BlocklistOptions _options = options.Value;

    /// <summary>Looks each address up on each configured zone.</summary>
    /// <param name="addresses">MX hosts and their addresses, in preference order; only the first <see cref="BlocklistOptions.MaxAddresses"/> distinct addresses are looked up.</param>
    public async Task<BlocklistReport> CheckAsync(IReadOnlyList<(string Host, IPAddress Address)> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var zones = _options.Zones.Select(z => z.Trim().TrimEnd('.').ToLowerInvariant()).Where(z => z.Length > 0).Distinct().ToList();
        if (zones.Count == 0)
        {
            return new BlocklistReport([], false, [], [SenderProblem.Info(NoZones, $"No DNS blocklists are configured ({BlocklistOptions.SectionName}:Zones), so the MX addresses were not checked.")]);
        }

        var targets = addresses
            .Select(a => (a.Host, Address: a.Address.IsIPv4MappedToIPv6 ? a.Address.MapToIPv4() : a.Address))
            .DistinctBy(a => a.Address)
            .Take(_options.MaxAddresses)
            .SelectMany(a => zones.Select(zone => (a.Host, a.Address, Zone: zone)))
            .ToList();

        var results = new BlocklistListing[targets.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await LookupAsync(targets[i].Host, targets[i].Address, targets[i].Zone, token).ConfigureAwait(false)).ConfigureAwait(false);

        var problems = results.Select(Problem).OfType<SenderProblem>();
        return new BlocklistReport(zones, results.Any(r => r.Status == BlocklistStatus.Listed), results, SenderProblems.Order(problems));
    }

    /// <summary>The name to ask for <paramref name="address"/> on <paramref name="zone"/> (RFC 5782 §2.1, §2.4).</summary>
    public static string QueryName(IPAddress address, string zone)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var name = new StringBuilder();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                name.Append(bytes[i].ToString(CultureInfo.InvariantCulture)).Append('.');
            }
        }
        else
        {
            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                name.Append("0123456789abcdef"[bytes[i] & 0xF]).Append('.').Append("0123456789abcdef"[bytes[i] >> 4]).Append('.');
            }
        }

        return name.Append(zone).ToString();
    }

    /// <summary>Reads the A answer of a blocklist query (pure; see <see cref="BlocklistStatus"/>).</summary>
    public static BlocklistStatus Interpret(DnsAnswer<IPAddress> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.IsEmpty)
        {
            return BlocklistStatus.NotListed;
        }

        if (answer.Outcome != DnsLookupOutcome.Answer)
        {
            return BlocklistStatus.Error;
        }

        var loopback = answer.Records.Where(a => a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] == 127).ToList();
        if (loopback.Count == 0)
        {
            return BlocklistStatus.Error;
        }

        return loopback.All(IsQueryRefused) ? BlocklistStatus.QueryRefused : BlocklistStatus.Listed;
    }

    /// <summary>127.255.255.0/24: Spamhaus's answers for refused queries (252 typo, 254 public resolver, 255 over quota).</summary>
    public static bool IsQueryRefused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && bytes[0] == 127 && bytes[1] == 255 && bytes[2] == 255;
    }

    private async Task<BlocklistListing> LookupAsync(string host, IPAddress address, string zone, CancellationToken cancellationToken)
    {
        var query = QueryName(address, zone);
        var listing = new BlocklistListing(host, address.ToString(), zone, query, BlocklistStatus.Error, [], null);
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var answer = await dns.GetAddressesAsync(query, linked.Token).ConfigureAwait(false);
            var status = Interpret(answer);
            var codes = answer.Records.Select(a => a.ToString()).ToList();
            listing = listing with { Status = status, ReturnCodes = codes, Error = status == BlocklistStatus.Error ? answer.Error ?? $"unexpected answer {string.Join(", ", codes)}" : null };
            if (status != BlocklistStatus.Listed)
            {
                return listing;
            }

            var reason = await dns.GetTextAsync(query, linked.Token).ConfigureAwait(false);
            return listing with { Reason = reason.Outcome == DnsLookupOutcome.Answer ? string.Join(" ", reason.Records) : null };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return listing with { Error = listing.Status == BlocklistStatus.Listed ? null : $"no answer within {_options.Timeout.TotalMilliseconds:0} ms" };
        }
    }

    private static SenderProblem? Problem(BlocklistListing listing) => listing.Status switch
    {
        BlocklistStatus.Listed => SenderProblem.Error(
            Blocklisted,
            $"{listing.Address} ({listing.Host}) is listed on {listing.Zone} ({string.Join(", ", listing.ReturnCodes)}){(listing.Reason is null ? "" : ": " + listing.Reason)}. Receivers using this list refuse mail sent from that address; if it also sends your mail, find the cause (compromised account, open relay, list hygiene) and request removal.",
            SenderProblem.Blocked),
        BlocklistStatus.QueryRefused => SenderProblem.Warning(
            QueryRefusedCode,
            $"{listing.Zone} refused the query for {listing.Address} ({string.Join(", ", listing.ReturnCodes)}): it does not answer this resolver (public resolver, no account or over quota). The result says nothing about the address; use a resolver the list accepts."),
        BlocklistStatus.Error => SenderProblem.Warning(
            Unavailable,
            $"{listing.Zone} gave no usable answer for {listing.Address}: {listing.Error}."),
        _ => null,
    };
}
