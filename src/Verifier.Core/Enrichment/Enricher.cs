using Verifier.Core.Verification;

namespace Verifier.Core.Enrichment;

/// <summary>
/// The enrichment stage (DESIGN.md, The pipeline): disposable domain, role local part, free provider and typo
/// suggestion, from the lists in <c>Data/</c>. Pure and thread-safe; the lists are loaded once, on first use.
/// </summary>
public static class Enricher
{
    /// <summary>One result per flag combination, for the common case of no suggestion, so that case allocates nothing.</summary>
    private static readonly Enrichment[] WithoutSuggestion =
    [
        .. Enumerable.Range(0, 8).Select(i => new Enrichment(new RiskFlags((i & 1) != 0, (i & 2) != 0, (i & 4) != 0), null, false)),
    ];

    /// <summary>
    /// Flags and a candidate suggestion for one address. <paramref name="localPart"/> is as typed;
    /// <paramref name="domain"/> is normalised (lower-case A-label form, e.g. <c>xn--bcher-kva.de</c>). The
    /// suggestion is a candidate: show it through <see cref="Enrichment.SuggestionToShow"/>.
    /// </summary>
    public static Enrichment Enrich(string localPart, string domain)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        ArgumentNullException.ThrowIfNull(domain);

        var disposable = DisposableDomains.Contains(domain);
        var role = RoleAccounts.IsRole(localPart);
        var free = FreeProviders.Contains(domain);
        var suggestion = TypoSuggester.Suggest(localPart, domain);
        var knownTypo = TypoSuggester.IsKnownTypoDomain(domain);

        if (suggestion is null && !knownTypo)
        {
            return WithoutSuggestion[(disposable ? 1 : 0) | (role ? 2 : 0) | (free ? 4 : 0)];
        }

        return new Enrichment(new RiskFlags(disposable, role, free), suggestion, knownTypo);
    }
}
