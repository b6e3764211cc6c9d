namespace Verifier.Core.Domains;

/// <summary>The result a mechanism gives when it matches (RFC 7208 §4.6.2).</summary>
public enum SpfQualifier
{
    /// <summary><c>+</c> (the default): the sender is authorised.</summary>
    Pass,

    /// <summary><c>-</c>: the sender is not authorised; receivers may reject (550 5.7.23).</summary>
    Fail,

    /// <summary><c>~</c>: probably not authorised; receivers accept and mark.</summary>
    SoftFail,

    /// <summary><c>?</c>: no statement, as if there were no SPF.</summary>
    Neutral,
}

/// <summary>One term of an SPF record: a mechanism with its qualifier, or a modifier (RFC 7208 §4.6.1).</summary>
/// <param name="Name">The mechanism or modifier name in lower case: <c>all</c>, <c>include</c>, <c>a</c>, <c>mx</c>, <c>ptr</c>, <c>ip4</c>, <c>ip6</c>, <c>exists</c>, <c>redirect</c>, <c>exp</c>, or an unknown name.</param>
/// <param name="Qualifier">The mechanism's qualifier; null for a modifier.</param>
/// <param name="Value">What follows <c>:</c> or <c>=</c> (domain-spec, network, CIDR suffix); null when absent.</param>
/// <param name="Text">The term as written.</param>
public sealed record SpfTerm(string Name, SpfQualifier? Qualifier, string? Value, string Text)
{
    /// <summary>True for a modifier (<c>name=value</c>), false for a mechanism.</summary>
    public bool IsModifier => Qualifier is null;

    /// <summary>
    /// True when evaluating the term costs a DNS query counted against the limit of 10 (RFC 7208 §4.6.4):
    /// <c>include</c>, <c>a</c>, <c>mx</c>, <c>ptr</c>, <c>exists</c> and the <c>redirect</c> modifier.
    /// </summary>
    public bool QueriesDns => IsModifier
        ? Name == SpfParser.Redirect
        : Name is SpfParser.Include or SpfParser.A or SpfParser.Mx or SpfParser.PtrMechanism or SpfParser.Exists;

    /// <summary>The target domain of an <c>include</c> or <c>redirect</c>, when it has no macros and so can be followed.</summary>
    public string? FollowableDomain =>
        (Name is SpfParser.Include && !IsModifier) || (Name is SpfParser.Redirect && IsModifier)
            ? Value is { Length: > 0 } v && !v.Contains('%', StringComparison.Ordinal) ? v.TrimEnd('.').ToLowerInvariant() : null
            : null;
}

/// <summary>A parsed SPF record (RFC 7208) and the problems visible in the record itself.</summary>
/// <param name="Text">The record as published.</param>
/// <param name="Terms">Its terms in order, version excluded; terms that did not parse are left out.</param>
/// <param name="Problems">Syntax errors and policy weaknesses of this record alone (no DNS was asked).</param>
public sealed record SpfRecord(string Text, IReadOnlyList<SpfTerm> Terms, IReadOnlyList<SenderProblem> Problems)
{
    /// <summary>The <c>all</c> mechanism, when there is one.</summary>
    public SpfTerm? All => Terms.FirstOrDefault(t => !t.IsModifier && t.Name == SpfParser.All);

    /// <summary>The <c>redirect</c> modifier, when there is one and no <c>all</c> makes it ignored (RFC 7208 §6.1).</summary>
    public SpfTerm? Redirect => All is null ? Terms.FirstOrDefault(t => t.IsModifier && t.Name == SpfParser.Redirect) : null;

    /// <summary>DNS-querying terms in this record alone, not counting what includes and redirects bring.</summary>
    public int LocalDnsLookups => Terms.Count(t => t.QueriesDns && (!t.IsModifier || ReferenceEquals(t, Redirect)));

    /// <summary>True when the record has a syntax error: receivers evaluate it as PermError (RFC 7208 §4.6).</summary>
    public bool HasSyntaxError => Problems.Any(p => p.Severity == SenderProblemSeverity.Error && SpfParser.SyntaxCodes.Contains(p.Code));

    /// <summary>The record's <c>all</c> as written with its qualifier (<c>-all</c>, <c>~all</c>, <c>?all</c>, <c>+all</c>), or null.</summary>
    public string? AllText => All?.Qualifier switch
    {
        null => null,
        SpfQualifier.Pass => "+all",
        SpfQualifier.Fail => "-all",
        SpfQualifier.SoftFail => "~all",
        _ => "?all",
    };
}
