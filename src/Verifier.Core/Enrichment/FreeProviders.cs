using System.Collections.Frozen;

namespace Verifier.Core.Enrichment;

/// <summary>
/// Free mailbox providers (webmail such as gmail.com, and consumer ISP mail), from <c>Data/free-domains.txt</c>
/// (npm <c>free-email-domains</c>, MIT; see <c>Data/README.md</c>).
/// </summary>
public static class FreeProviders
{
    private static readonly FrozenSet<string> Domains = DataFile.ReadSet("free-domains.txt");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Domains.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many domains the list holds.</summary>
    public static int Count => Domains.Count;

    /// <summary>
    /// True when the domain itself is listed (<c>gmail.com</c>; not <c>corp.gmail.com</c>, whose mailboxes a
    /// provider does not hand out). Case and a trailing dot are ignored. Does not allocate.
    /// </summary>
    public static bool Contains(ReadOnlySpan<char> domain) => Lookup.Contains(domain.Trim().TrimEnd('.'));

    /// <inheritdoc cref="Contains(ReadOnlySpan{char})"/>
    public static bool Contains(string? domain) => domain is not null && Contains(domain.AsSpan());
}
