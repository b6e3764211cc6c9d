namespace Verifier.Testing.Dns;

/// <summary>
/// The records and scripted failures of the loopback server, and how it answers a question.
/// It answers like a recursive resolver would: CNAME chains inside the zone are followed into the answer.
/// Thread-safe.
/// </summary>
internal sealed class DnsZone
{
    /// <summary>CNAME hops followed within one answer before giving up (loops end earlier, at the first repeat).</summary>
    private const int MaxCnameHops = 16;

    private readonly Lock _gate = new();
    private readonly List<ZoneRecord> _records = [];
    private readonly Dictionary<(string Name, DnsRecordType? Type), ZoneBehaviour> _behaviours = [];

    /// <summary>Whether answers follow CNAMEs within the zone (a recursive resolver) or stop at the alias (an authoritative server for another zone).</summary>
    public bool ChaseCnames { get; set; } = true;

    public void Add(ZoneRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    public void SetBehaviour(string name, DnsRecordType? type, ZoneBehaviour behaviour)
    {
        lock (_gate)
        {
            _behaviours[(Normalize(name), type)] = behaviour;
        }
    }

    /// <summary>Removes every record and scripted behaviour owned by <paramref name="name"/>.</summary>
    public void Remove(string name)
    {
        var key = Normalize(name);
        lock (_gate)
        {
            _records.RemoveAll(r => Normalize(r.Name) == key);
            foreach (var behaviourKey in _behaviours.Keys.Where(k => k.Name == key).ToList())
            {
                _behaviours.Remove(behaviourKey);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
            _behaviours.Clear();
        }
    }

    public ZoneAnswer Answer(string name, DnsRecordType type)
    {
        var key = Normalize(name);
        lock (_gate)
        {
            var behaviour = _behaviours.TryGetValue((key, type), out var specific) ? specific
                : _behaviours.TryGetValue((key, null), out var any) ? any
                : ZoneBehaviour.Answer;

            return behaviour switch
            {
                ZoneBehaviour.ServerFailure => ZoneAnswer.Failure(DnsResponseCode.ServerFailure),
                ZoneBehaviour.Refused => ZoneAnswer.Failure(DnsResponseCode.Refused),
                ZoneBehaviour.NoResponse => ZoneAnswer.Dropped,
                ZoneBehaviour.Truncate => Resolve(key, type) with { TruncateOverUdp = true },
                _ => Resolve(key, type),
            };
        }
    }

    private ZoneAnswer Resolve(string name, DnsRecordType type)
    {
        var answers = new List<ZoneRecord>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = name;

        for (var hop = 0; hop <= MaxCnameHops && visited.Add(current); hop++)
        {
            var owned = _records.Where(r => Normalize(r.Name) == current).ToList();
            var cname = owned.OfType<CnameZoneRecord>().FirstOrDefault();
            if (cname is not null && type != DnsRecordType.Cname)
            {
                answers.Add(cname);
                if (!ChaseCnames)
                {
                    return new ZoneAnswer(DnsResponseCode.NoError, answers, []);
                }

                current = Normalize(cname.Target);
                continue;
            }

            var matching = owned.Where(r => type == DnsRecordType.Any || r.Type == type).ToList();
            if (matching.Count > 0)
            {
                answers.AddRange(matching);
                return new ZoneAnswer(DnsResponseCode.NoError, answers, []);
            }

            // RFC 2308: NXDOMAIN when nothing exists at or below the name, NODATA otherwise; both carry the SOA.
            var code = Exists(current) ? DnsResponseCode.NoError : DnsResponseCode.NameError;
            return new ZoneAnswer(code, answers, AuthorityFor(current));
        }

        // A CNAME loop or an over-long chain: answer with the chain as far as it went.
        return new ZoneAnswer(DnsResponseCode.NoError, answers, []);
    }

    /// <summary>A name exists when it owns a record or is an ancestor of one (an empty non-terminal).</summary>
    private bool Exists(string name) =>
        _records.Any(r =>
        {
            var owner = Normalize(r.Name);
            return owner == name || owner.EndsWith("." + name, StringComparison.Ordinal);
        });

    private List<ZoneRecord> AuthorityFor(string name)
    {
        var soa = _records
            .OfType<SoaZoneRecord>()
            .Where(s => IsAtOrBelow(name, Normalize(s.Name)))
            .MaxBy(s => Normalize(s.Name).Length);
        return soa is null ? [] : [soa];
    }

    private static bool IsAtOrBelow(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal);

    internal static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();
}
