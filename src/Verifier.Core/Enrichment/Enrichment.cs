using Verifier.Core.Verification;

namespace Verifier.Core.Enrichment;

/// <summary>What enrichment found for one address.</summary>
/// <param name="Flags">Disposable domain, role local part, free provider.</param>
/// <param name="Suggestion">
/// A candidate corrected address when the domain looks like a typo (<c>bob@gmial.com</c> →
/// <c>bob@gmail.com</c>), else null. Show it through <see cref="SuggestionToShow"/>.
/// </param>
/// <param name="KnownTypoDomain">True when the domain is a registered typo domain (<see cref="TypoSuggester.IsKnownTypoDomain(string)"/>).</param>
public sealed record Enrichment(RiskFlags Flags, string? Suggestion, bool KnownTypoDomain)
{
    /// <summary>
    /// The suggestion the result shows: the candidate when the typed domain has no mail server
    /// (<paramref name="domainHasMailServer"/> false: NXDOMAIN, no MX and no A/AAAA, or a null MX) or is a known
    /// typo domain; otherwise null, because a domain that receives mail may be exactly what the person meant.
    /// When DNS could not answer (SERVFAIL, time-out), pass true: an unknown domain is not evidence of a typo.
    /// </summary>
    public string? SuggestionToShow(bool domainHasMailServer) =>
        !domainHasMailServer || KnownTypoDomain ? Suggestion : null;
}
