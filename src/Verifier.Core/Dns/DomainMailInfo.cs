namespace Verifier.Core.Dns;

/// <summary>The mail routing of one domain, as DNS described it.</summary>
/// <param name="Domain">The domain asked about (A-label form, lower-case).</param>
/// <param name="Status">The outcome of the lookup.</param>
/// <param name="MailExchangers">
/// Mail hosts in the order to try them (by preference). Empty unless <see cref="DomainStatus.Resolved"/>, or unless
/// the domain has MX records but none of their hosts resolved (then listed without addresses, with the outcome of
/// <see cref="DomainStatus.NoMailServer"/>, <see cref="DomainStatus.ServerFailure"/> or <see cref="DomainStatus.Timeout"/>).
/// </param>
/// <param name="ImplicitMx">True when there was no MX and the domain's own A/AAAA stands in (RFC 5321 §5.1).</param>
/// <param name="TimeToLive">How long this answer may be reused (smallest TTL seen, or the negative-caching TTL).</param>
/// <param name="Error">A short description of a DNS failure, null otherwise.</param>
public sealed record DomainMailInfo(
    string Domain,
    DomainStatus Status,
    IReadOnlyList<MailExchanger> MailExchangers,
    bool ImplicitMx,
    TimeSpan TimeToLive,
    string? Error = null)
{
    public bool NullMx => Status == DomainStatus.NullMx;
}
