using System.Collections.Frozen;

namespace Verifier.Core.Enrichment;

/// <summary>
/// Disposable (throw-away) mailbox domains, from <c>Data/disposable-domains.txt</c>
/// (npm <c>disposable-email-domains</c>, MIT; see <c>Data/README.md</c>).
/// </summary>
public static class DisposableDomains
{
    private static readonly FrozenSet<string> Domains = DataFile.ReadSet("disposable-domains.txt");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Domains.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many domains the list holds.</summary>
    public static int Count => Domains.Count;

    /// <summary>
    /// True when the domain or any parent domain of it is listed: <c>a.b.mailinator.com</c> is disposable because
    /// <c>mailinator.com</c> is. A bare top-level domain is never looked up, and the list holds no ICANN public
    /// suffix (the refresh script drops them), so a listed suffix cannot mark every domain under it.
    /// Case and a trailing dot are ignored; the domain is expected in A-label form. Does not allocate.
    /// </summary>
    public static bool Contains(ReadOnlySpan<char> domain)
    {
        var name = domain.Trim().TrimEnd('.');
        while (true)
        {
            var dot = name.IndexOf('.');
            if (dot <= 0)
            {
                return false;
            }

            if (Lookup.Contains(name))
            {
                return true;
            }

            name = name[(dot + 1)..];
        }
    }

    /// <inheritdoc cref="Contains(ReadOnlySpan{char})"/>
    public static bool Contains(string? domain) => domain is not null && Contains(domain.AsSpan());
}
