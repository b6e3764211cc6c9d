namespace Verifier.Core.Domains;

/// <summary>The DMARC policy in force for a domain (RFC 7489) and what is wrong with it.</summary>
/// <param name="Found">True when a valid-looking DMARC record applies (at the domain or its organisational domain).</param>
/// <param name="Name">Where the record was found, or where it was looked for: <c>_dmarc.&lt;domain&gt;</c>.</param>
/// <param name="Record">The record as published.</param>
/// <param name="OrganizationalDomain">True when the record came from the organisational domain, not the domain itself.</param>
/// <param name="Policy">The <c>p</c> tag.</param>
/// <param name="SubdomainPolicy">The <c>sp</c> tag, or <c>p</c> when absent.</param>
/// <param name="EffectivePolicy">What applies to mail from this domain: <c>sp</c> when inherited from the organisational domain, else <c>p</c>.</param>
/// <param name="Percent">The <c>pct</c> tag.</param>
/// <param name="AggregateReportUris">The <c>rua</c> URIs.</param>
/// <param name="FailureReportUris">The <c>ruf</c> URIs.</param>
/// <param name="DkimAlignment"><c>adkim</c>: r or s.</param>
/// <param name="SpfAlignment"><c>aspf</c>: r or s.</param>
/// <param name="FailureOptions"><c>fo</c>.</param>
/// <param name="Problems">What is wrong, most severe first.</param>
public sealed record DmarcReport(
    bool Found,
    string Name,
    string? Record,
    bool OrganizationalDomain,
    DmarcPolicy? Policy,
    DmarcPolicy? SubdomainPolicy,
    DmarcPolicy? EffectivePolicy,
    int? Percent,
    IReadOnlyList<string> AggregateReportUris,
    IReadOnlyList<string> FailureReportUris,
    string? DkimAlignment,
    string? SpfAlignment,
    string? FailureOptions,
    IReadOnlyList<SenderProblem> Problems)
{
    public const string Missing = "dmarc_missing";
    public const string MultipleRecords = "dmarc_multiple_records";
    public const string FromOrganizationalDomain = "dmarc_organizational_domain";
    public const string DnsError = "dmarc_dns_error";

    /// <summary>The name of a domain's DMARC record.</summary>
    public static string RecordName(string domain) => "_dmarc." + domain;

    /// <summary>
    /// The organisational domain, approximated as the last two labels (<c>mail.example.com</c> → <c>example.com</c>).
    /// RFC 7489 §3.2 uses the Public Suffix List, which this does not ship: for names under multi-label public
    /// suffixes (<c>example.co.uk</c>) the fallback asks the suffix (<c>co.uk</c>), finds nothing there, and the
    /// report says the record is missing only if the domain itself has none either.
    /// </summary>
    public static string OrganizationalDomainOf(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var labels = domain.Split('.');
        return labels.Length <= 2 ? domain : string.Join('.', labels[^2..]);
    }

    /// <summary>The report when no record applies.</summary>
    internal static DmarcReport NotFound(string name, IReadOnlyList<SenderProblem> problems) =>
        new(false, name, null, false, null, null, null, null, [], [], null, null, null, problems);

    /// <summary>The report for a parsed record.</summary>
    internal static DmarcReport From(string name, DmarcRecord record, bool organizational, IEnumerable<SenderProblem> extra)
    {
        var effective = organizational ? record.SubdomainPolicy : record.Policy;
        return new DmarcReport(
            record.Valid,
            name,
            record.Text,
            organizational,
            record.Policy,
            record.SubdomainPolicy,
            effective,
            record.Valid ? record.Percent : null,
            record.AggregateReportUris,
            record.FailureReportUris,
            record.Valid ? record.DkimAlignment : null,
            record.Valid ? record.SpfAlignment : null,
            record.Valid ? record.FailureOptions : null,
            SenderProblems.Order([.. record.Problems, .. extra]));
    }
}
