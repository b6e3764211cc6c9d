using System.Collections.Frozen;
using Verifier.Core.Syntax;

namespace Verifier.Core.Enrichment;

/// <summary>
/// Suggests the domain a person most likely meant when the typed one looks like a typo of a popular mailbox
/// domain (<c>gmial.com</c> → <c>gmail.com</c>) or of a popular top-level domain (<c>example.con</c> →
/// <c>example.com</c>). A suggestion is a candidate, shown through <see cref="Enrichment.SuggestionToShow"/>; the
/// rules and their keyboard-weighted distances (<see cref="KeyboardDistance"/>) are in Enrichment/README.md, "Suggestion".
/// </summary>
public static class TypoSuggester
{
    private const int OneEdit = KeyboardDistance.Edit;
    private const int TwoEdits = 2 * KeyboardDistance.Edit;
    private const int NoMatch = int.MaxValue;

    // Initialised in this order: the popular domains are split on the popular suffixes.
    /// <summary>Popular suffixes in popularity order.</summary>
    private static readonly string[] PopularSuffixes = [.. DataFile.ReadLines("popular-tlds.txt").Distinct(StringComparer.Ordinal)];

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PopularSuffixLookup =
        PopularSuffixes.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly PopularDomain[] Popular = LoadPopular();

    private static readonly System.Buffers.SearchValues<char> ProviderLocalPartChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-+");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PopularLookup =
        Popular.Select(p => p.Domain).ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TopLevelDomains =
        DataFile.ReadSet("tlds.txt").GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string> TypoDomains = DataFile.ReadLines("typo-domains.txt")
        .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        .ToFrozenDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TypoLookup =
        TypoDomains.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The popular domains suggestions point to, most popular first.</summary>
    public static IReadOnlyList<string> PopularDomains { get; } = [.. Popular.Select(p => p.Domain)];

    /// <summary>The popular suffixes TLD typos are corrected to, most popular first.</summary>
    public static IReadOnlyList<string> PopularTopLevelDomains => PopularSuffixes;

    /// <summary>The registered typo domains and the domain each was meant to be.</summary>
    public static IReadOnlyDictionary<string, string> KnownTypoDomains => TypoDomains;

    /// <summary>
    /// True when the domain is a registered typo domain of a popular provider (<c>Data/typo-domains.txt</c>:
    /// <c>gmai.com</c>, <c>hotmial.com</c>, …). Such a domain resolves and may accept mail, so its suggestion is
    /// shown even though it has a mail server. Case and a trailing dot are ignored. Does not allocate.
    /// </summary>
    public static bool IsKnownTypoDomain(ReadOnlySpan<char> domain) => TypoLookup.ContainsKey(Clean(domain));

    /// <inheritdoc cref="IsKnownTypoDomain(ReadOnlySpan{char})"/>
    public static bool IsKnownTypoDomain(string? domain) => domain is not null && IsKnownTypoDomain(domain.AsSpan());

    /// <summary>
    /// The corrected full address (local part kept as typed) when the domain looks like a typo, else null.
    /// A candidate only: see the remarks on <see cref="TypoSuggester"/> for when it is shown.
    /// </summary>
    /// <remarks>
    /// A suggestion is an address someone could have meant: it must pass the syntax check, and at a popular
    /// provider its local part must be one the provider gives out (<see cref="IsProviderLocalPart"/>). So
    /// <c>=cmd|'/Ccalc'!A0@gmial.com</c>, valid RFC 5321 but no Gmail address, gets no suggestion.
    /// </remarks>
    public static string? Suggest(string localPart, string domain)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        var suggested = SuggestDomain(domain);
        if (suggested is null || (PopularLookup.Contains(suggested) && !IsProviderLocalPart(localPart)))
        {
            return null;
        }

        var address = string.Concat(localPart, "@", suggested);
        return EmailSyntax.IsValid(address, out _) ? address : null;
    }

    /// <summary>
    /// Whether the big mailbox providers could have given out this local part: ASCII letters and digits, with
    /// '.', '_', '-' and '+' between them (Gmail: letters, digits and dots, plus +tags; Outlook.com and Yahoo also
    /// '_' and '-'). Quoted local parts, other punctuation and non-ASCII characters are not theirs.
    /// </summary>
    public static bool IsProviderLocalPart(ReadOnlySpan<char> localPart) =>
        !localPart.IsEmpty
        && char.IsAsciiLetterOrDigit(localPart[0])
        && !localPart.ContainsAnyExcept(ProviderLocalPartChars);

    /// <summary>
    /// The domain the person most likely meant, or null when the domain does not look like a typo (or is
    /// itself popular or a known provider). Expects an A-label domain; case and a trailing dot are ignored.
    /// Allocates only the returned string.
    /// </summary>
    public static string? SuggestDomain(string? domain)
    {
        if (domain is null)
        {
            return null;
        }

        Span<char> lower = stackalloc char[256];
        var trimmed = Clean(domain.AsSpan());
        if (trimmed.IsEmpty || trimmed.Length > lower.Length)
        {
            return null;
        }

        var length = trimmed.ToLowerInvariant(lower);
        var typed = lower[..length];

        if (TypoLookup.TryGetValue(typed, out var intended))
        {
            return intended;
        }

        if (PopularLookup.Contains(typed) || FreeProviders.Contains(typed))
        {
            return null;
        }

        var lastDot = typed.LastIndexOf('.');
        var tldExists = lastDot > 0 && TopLevelDomains.Contains(typed[(lastDot + 1)..]);
        var cut = SplitAt(typed);
        var name = NameOf(typed, cut);
        var suffix = SuffixOf(typed, cut);

        PopularDomain? best = null;
        var bestCost = NoMatch;
        foreach (var popular in Popular)
        {
            var cost = Cost(typed, name, suffix, tldExists, popular);
            if (cost < bestCost)
            {
                best = popular;
                bestCost = cost;
            }
        }

        if (best is not null)
        {
            return best.Domain;
        }

        return lastDot > 0 && !tldExists ? CorrectSuffix(typed) : null;
    }

    /// <summary>The cost of reading <paramref name="typed"/> as <paramref name="popular"/>, or <see cref="NoMatch"/>.</summary>
    private static int Cost(
        ReadOnlySpan<char> typed, ReadOnlySpan<char> name, ReadOnlySpan<char> suffix, bool tldExists, PopularDomain popular)
    {
        var nameLimit = NameLimit(popular.Name.Length);
        var best = NoMatch;

        if (suffix.SequenceEqual(popular.Suffix))
        {
            best = Within(KeyboardDistance.Between(name, popular.Name, nameLimit), nameLimit);
        }
        else if (name.SequenceEqual(popular.Name))
        {
            // "user@gmail": no suffix at all; otherwise a typo in the suffix of a popular name.
            var suffixLimit = suffix.IsEmpty ? TwoEdits : tldExists ? OneEdit : TwoEdits;
            best = suffix.IsEmpty ? TwoEdits : Within(KeyboardDistance.Between(suffix, popular.Suffix, suffixLimit), suffixLimit);
        }
        else if (!tldExists)
        {
            var nameCost = Within(KeyboardDistance.Between(name, popular.Name, nameLimit), nameLimit);
            if (nameCost != NoMatch)
            {
                var suffixCost = Within(KeyboardDistance.Between(suffix, popular.Suffix, OneEdit), OneEdit);
                if (suffixCost != NoMatch)
                {
                    best = nameCost + suffixCost;
                }
            }
        }

        if (!tldExists)
        {
            best = Math.Min(best, Within(KeyboardDistance.Between(typed, popular.Domain, OneEdit), OneEdit));
        }

        return best;
    }

    /// <summary>Replaces a non-existent top-level domain by the closest popular suffix one edit away.</summary>
    private static string? CorrectSuffix(ReadOnlySpan<char> typed)
    {
        var lastDot = typed.LastIndexOf('.');
        var secondDot = typed[..lastDot].LastIndexOf('.');

        string? bestSuffix = null;
        var bestNameLength = 0;
        var bestCost = NoMatch;
        foreach (var candidate in PopularSuffixes)
        {
            // The last label ("example.cmo") or the last two ("example.co.ukk") may hold the typo.
            var cost = Within(KeyboardDistance.Between(typed[(lastDot + 1)..], candidate, OneEdit), OneEdit);
            var nameLength = lastDot;
            if (secondDot > 0)
            {
                var twoLabels = Within(KeyboardDistance.Between(typed[(secondDot + 1)..], candidate, OneEdit), OneEdit);
                if (twoLabels < cost)
                {
                    cost = twoLabels;
                    nameLength = secondDot;
                }
            }

            if (cost < bestCost)
            {
                bestCost = cost;
                bestSuffix = candidate;
                bestNameLength = nameLength;
            }
        }

        return bestSuffix is null ? null : string.Concat(typed[..bestNameLength], ".", bestSuffix);
    }

    /// <summary>
    /// Where a domain splits into name and suffix: the index of the dot before the last two labels when they are
    /// a popular suffix (<c>co.uk</c>), else of the last dot; −1 for a single label (all name).
    /// </summary>
    private static int SplitAt(ReadOnlySpan<char> domain)
    {
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0)
        {
            return -1;
        }

        var secondDot = domain[..lastDot].LastIndexOf('.');
        return secondDot > 0 && PopularSuffixLookup.Contains(domain[(secondDot + 1)..]) ? secondDot : lastDot;
    }

    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<char> domain, int cut) => cut < 0 ? domain : domain[..cut];

    private static ReadOnlySpan<char> SuffixOf(ReadOnlySpan<char> domain, int cut) => cut < 0 ? [] : domain[(cut + 1)..];

    /// <summary>How far a typed name may be from a popular name: short names are too easily someone else's.</summary>
    private static int NameLimit(int length) => length switch
    {
        <= 4 => 0,
        <= 6 => OneEdit,
        _ => TwoEdits,
    };

    private static int Within(int distance, int limit) => distance <= limit ? distance : NoMatch;

    private static ReadOnlySpan<char> Clean(ReadOnlySpan<char> domain) => domain.Trim().TrimEnd('.');

    private static PopularDomain[] LoadPopular() =>
    [
        .. DataFile.ReadLines("popular-domains.txt")
            .Distinct(StringComparer.Ordinal)
            .Select(domain =>
            {
                var cut = SplitAt(domain);
                return new PopularDomain(domain, NameOf(domain, cut).ToString(), SuffixOf(domain, cut).ToString());
            }),
    ];

    /// <summary>A popular domain, split into name and suffix.</summary>
    private sealed record PopularDomain(string Domain, string Name, string Suffix);
}
