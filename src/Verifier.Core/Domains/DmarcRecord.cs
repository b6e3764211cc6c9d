namespace Verifier.Core.Domains;

/// <summary>What a DMARC policy asks receivers to do with mail that fails alignment (RFC 7489 §6.3).</summary>
public enum DmarcPolicy
{
    /// <summary><c>none</c>: deliver as usual and report; monitoring only.</summary>
    None,

    /// <summary><c>quarantine</c>: treat as suspicious (junk folder).</summary>
    Quarantine,

    /// <summary><c>reject</c>: refuse during the SMTP transaction (550 5.7.1 / 5.7.26).</summary>
    Reject,
}

/// <summary>A parsed DMARC record (RFC 7489 §6.3) with the defaults of absent or ignored tags applied.</summary>
/// <param name="Text">The record as published.</param>
/// <param name="Valid">False when receivers ignore the record (v not first, p missing or unknown, malformed): as if there were none.</param>
/// <param name="Tags">Every tag as written, names in lower case; the first of a repeated tag wins.</param>
/// <param name="Policy">The <c>p</c> tag; null when the record is not valid.</param>
/// <param name="SubdomainPolicy">The <c>sp</c> tag, or <see cref="Policy"/> when absent.</param>
/// <param name="Percent">The <c>pct</c> tag: the share of failing mail the policy applies to (default 100).</param>
/// <param name="AggregateReportUris">The <c>rua</c> URIs: where daily aggregate reports go.</param>
/// <param name="FailureReportUris">The <c>ruf</c> URIs: where per-message failure reports go.</param>
/// <param name="DkimAlignment"><c>adkim</c>: <c>r</c> (relaxed, default) or <c>s</c> (strict).</param>
/// <param name="SpfAlignment"><c>aspf</c>: <c>r</c> (relaxed, default) or <c>s</c> (strict).</param>
/// <param name="FailureOptions"><c>fo</c>: when failure reports are made (default <c>0</c>).</param>
/// <param name="Problems">What is wrong with the record itself.</param>
public sealed record DmarcRecord(
    string Text,
    bool Valid,
    IReadOnlyDictionary<string, string> Tags,
    DmarcPolicy? Policy,
    DmarcPolicy? SubdomainPolicy,
    int Percent,
    IReadOnlyList<string> AggregateReportUris,
    IReadOnlyList<string> FailureReportUris,
    string DkimAlignment,
    string SpfAlignment,
    string FailureOptions,
    IReadOnlyList<SenderProblem> Problems);
