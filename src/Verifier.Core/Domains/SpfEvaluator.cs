using Verifier.Core.Dns;

namespace Verifier.Core.Domains;

/// <summary>
/// Fetches a domain's SPF record and follows its <c>include:</c> and <c>redirect=</c> terms through DNS, counting
/// the DNS-querying terms as a receiver would (RFC 7208 §4.6.4: <c>include</c>, <c>a</c>, <c>mx</c>, <c>ptr</c>,
/// <c>exists</c> and <c>redirect</c>; more than 10 is a PermError). Only TXT records are fetched: the count comes
/// from the terms, not from evaluating them against a sender.
/// </summary>
/// <remarks>
/// A hostile or broken chain cannot run away: a domain already being expanded is a loop and is not fetched again,
/// references deeper than <see cref="MaxDepth"/> are not followed, and at most <see cref="MaxFetches"/> records are
/// fetched per evaluation; past that the count is a lower bound, already over the limit.
/// </remarks>
public sealed class SpfEvaluator(IDnsRecordLookup dns)
{
    /// <summary>The DNS-querying terms a receiver evaluates before returning PermError (RFC 7208 §4.6.4).</summary>
    public const int DnsLookupLimit = 10;

    /// <summary>Nesting of includes and redirects followed; 10 nested references alone already exceed the limit.</summary>
    public const int MaxDepth = 10;

    /// <summary>Records fetched for one evaluation at most: more than twice what a valid policy can need.</summary>
    public const int MaxFetches = 25;

    public const string Missing = "spf_missing";
    public const string MultipleRecords = "spf_multiple_records";
    public const string TooManyLookups = "spf_too_many_lookups";
    public const string IncludeLoop = "spf_include_loop";
    public const string IncludeNotFound = "spf_include_not_found";
    public const string RedirectNotFound = "spf_redirect_not_found";
    public const string IncludePassAll = "spf_include_pass_all";
    public const string DnsError = "spf_dns_error";

    /// <summary>The SMTP reply receivers give while an SPF lookup fails temporarily (RFC 7372 TempError).</summary>
    public const string TemporaryError = "451 4.7.24";

    /// <summary>Evaluates the SPF policy of <paramref name="domain"/> (A-label form).</summary>
    public async Task<SpfReport> EvaluateAsync(string domain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        var walk = new Walk(domain);
        var answer = await walk.FetchAsync(dns, domain, cancellationToken).ConfigureAwait(false);

        if (answer.IsFailure)
        {
            return Report(walk, found: false, record: null, [], all: null,
                [SenderProblem.Warning(DnsError, $"The TXT records of {domain} could not be read ({answer.Error ?? answer.Outcome.ToString()}); receivers answering now would defer mail (TempError).", TemporaryError)]);
        }

        var texts = answer.Records.Where(SpfParser.IsSpfRecord).ToList();
        if (texts.Count == 0)
        {
            return Report(walk, found: false, record: null, texts, all: null,
                [SenderProblem.Error(Missing, $"{domain} publishes no SPF record. Gmail, Yahoo and Microsoft reject or junk unauthenticated bulk mail; publish one TXT record such as 'v=spf1 include:<your provider> -all'.", SenderProblem.Unauthenticated)]);
        }

        if (texts.Count > 1)
        {
            return Report(walk, found: false, record: null, texts, all: null,
                [SenderProblem.Error(MultipleRecords, $"{domain} publishes {texts.Count} SPF records; receivers return PermError when there is more than one (RFC 7208 §4.5). Merge them into one record.", SenderProblem.SpfError)]);
        }

        var record = SpfParser.Parse(texts[0]);
        walk.Problems.AddRange(record.Problems);
        var all = await WalkAsync(walk, domain, record, depth: 1, cancellationToken).ConfigureAwait(false);

        if (walk.Lookups > DnsLookupLimit)
        {
            var count = walk.Truncated ? $"at least {walk.Lookups}" : walk.Lookups.ToString(System.Globalization.CultureInfo.InvariantCulture);
            walk.Problems.Add(SenderProblem.Error(TooManyLookups, $"Evaluating the record takes {count} DNS lookups (include, a, mx, ptr, exists, redirect, counted through every include); receivers stop at {DnsLookupLimit} and return PermError. Flatten includes into ip4:/ip6: ranges or drop unused ones.", SenderProblem.SpfError));
        }

        return Report(walk, found: true, record.Text, texts, all, walk.Problems);
    }

    /// <summary>Counts the record's terms and follows its references; returns the <c>all</c> in force for it.</summary>
    private async Task<string?> WalkAsync(Walk walk, string domain, SpfRecord record, int depth, CancellationToken cancellationToken)
    {
        walk.Path.Add(domain);
        try
        {
            foreach (var term in record.Terms)
            {
                var isRedirect = ReferenceEquals(term, record.Redirect);
                if (!term.QueriesDns || (term.IsModifier && !isRedirect))
                {
                    continue;
                }

                walk.Lookups++;
                if (term.FollowableDomain is not { } target)
                {
                    continue;
                }

                var nested = await FollowAsync(walk, domain, term, target, isRedirect, depth, cancellationToken).ConfigureAwait(false);
                if (isRedirect)
                {
                    return nested;
                }
            }

            return record.AllText;
        }
        finally
        {
            walk.Path.RemoveAt(walk.Path.Count - 1);
        }
    }

    private async Task<string?> FollowAsync(
        Walk walk, string domain, SpfTerm term, string target, bool isRedirect, int depth, CancellationToken cancellationToken)
    {
        var via = isRedirect ? SpfParser.Redirect : SpfParser.Include;
        if (walk.Path.Contains(target))
        {
            walk.Problems.Add(SenderProblem.Error(IncludeLoop, $"'{term.Text}' in the record of {domain} leads back to {target}, which is already being evaluated: a loop. Receivers return PermError.", SenderProblem.SpfError));
            return null;
        }

        if (depth > MaxDepth || walk.Fetches >= MaxFetches)
        {
            walk.Truncated = true;
            return null;
        }

        var answer = await walk.FetchAsync(dns, target, cancellationToken).ConfigureAwait(false);
        var texts = answer.Records.Where(SpfParser.IsSpfRecord).ToList();
        if (answer.IsFailure)
        {
            walk.References.Add(new SpfReference(target, via, depth, null, 0));
            walk.Problems.Add(SenderProblem.Warning(DnsError, $"'{term.Text}': the TXT records of {target} could not be read ({answer.Error ?? answer.Outcome.ToString()}); receivers answering now would defer mail (TempError).", TemporaryError));
            return null;
        }

        if (texts.Count != 1)
        {
            walk.References.Add(new SpfReference(target, via, depth, null, 0));
            var code = isRedirect ? RedirectNotFound : IncludeNotFound;
            var what = texts.Count == 0 ? "publishes no SPF record" : $"publishes {texts.Count} SPF records";
            walk.Problems.Add(SenderProblem.Error(code, $"'{term.Text}' in the record of {domain}: {target} {what}, so receivers return PermError (RFC 7208 §5.2, §6.1). Fix or remove the reference.", SenderProblem.SpfError));
            return null;
        }

        var record = SpfParser.Parse(texts[0]);
        walk.References.Add(new SpfReference(target, via, depth, record.Text, record.LocalDnsLookups));

        // The record of an include decides only whether it matches; its own 'all' does not end the evaluation. A
        // redirect's record replaces the policy, so all of its problems count.
        var where = isRedirect ? $"In {target} (redirect= of {domain})" : $"In {target} (include: of {domain})";
        foreach (var problem in record.Problems)
        {
            if (isRedirect || !SpfParser.AllPolicyCodes.Contains(problem.Code))
            {
                walk.Problems.Add(problem with { Message = $"{where}: {problem.Message}" });
            }
        }

        if (!isRedirect && term.Qualifier == SpfQualifier.Pass && record.All?.Qualifier == SpfQualifier.Pass)
        {
            walk.Problems.Add(SenderProblem.Error(IncludePassAll, $"'{term.Text}': {target} ends in '+all', so the include matches every server and lets anyone send as {walk.Domain}."));
        }

        return await WalkAsync(walk, target, record, depth + 1, cancellationToken).ConfigureAwait(false);
    }

    private static SpfReport Report(Walk walk, bool found, string? record, IReadOnlyList<string> records, string? all, IEnumerable<SenderProblem> problems) =>
        new(found, record, records, all, walk.Lookups, DnsLookupLimit, walk.References, SenderProblems.Order(problems));

    /// <summary>The state of one evaluation.</summary>
    private sealed class Walk(string domain)
    {
        private readonly Dictionary<string, DnsAnswer<string>> _fetched = new(StringComparer.Ordinal);

        public string Domain { get; } = domain;

        public List<string> Path { get; } = [];

        public List<SpfReference> References { get; } = [];

        public List<SenderProblem> Problems { get; } = [];

        public int Lookups { get; set; }

        public int Fetches { get; private set; }

        public bool Truncated { get; set; }

        /// <summary>TXT records of a name; a name referenced twice (not a loop) is fetched once.</summary>
        public async Task<DnsAnswer<string>> FetchAsync(IDnsRecordLookup dns, string name, CancellationToken cancellationToken)
        {
            if (!_fetched.TryGetValue(name, out var answer))
            {
                Fetches++;
                answer = await dns.GetTextAsync(name, cancellationToken).ConfigureAwait(false);
                _fetched[name] = answer;
            }

            return answer;
        }
    }
}
