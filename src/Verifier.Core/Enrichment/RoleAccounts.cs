using System.Collections.Frozen;

namespace Verifier.Core.Enrichment;

/// <summary>
/// Role local parts (<c>info@</c>, <c>support@</c>, <c>no-reply@</c>, …): mailboxes of a function or a team
/// rather than of one person, from <c>Data/role-local-parts.txt</c>. Mail to them is read by several people,
/// complaint rates are higher, and many senders exclude them from marketing lists.
/// </summary>
public static class RoleAccounts
{
    /// <summary>RFC 5321 §4.5.3.1.1: a local part is at most 64 octets.</summary>
    private const int MaxLocalPartLength = 64;

    private static readonly FrozenSet<string> Names = DataFile.ReadLines("role-local-parts.txt")
        .Select(Normalize)
        .Where(n => n.Length > 0)
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// True when the local part names a role. Case is ignored, the separators <c>-</c>, <c>.</c> and <c>_</c>
    /// are ignored (<c>No.Reply</c>, <c>no_reply</c> and <c>noreply</c> are one role), a sub-address tag is
    /// ignored (<c>info+orders</c> is <c>info</c>), and surrounding quotes of a quoted-string local part are
    /// removed. Does not allocate.
    /// </summary>
    public static bool IsRole(ReadOnlySpan<char> localPart)
    {
        var local = localPart.Trim();
        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            local = local[1..^1];
        }

        if (local.Length > MaxLocalPartLength)
        {
            return false;
        }

        var plus = local.IndexOf('+');
        if (plus >= 0)
        {
            local = local[..plus];
        }

        Span<char> buffer = stackalloc char[MaxLocalPartLength];
        var length = 0;
        foreach (var c in local)
        {
            if (!IsSeparator(c))
            {
                buffer[length++] = c;
            }
        }

        return length > 0 && Lookup.Contains(buffer[..length]);
    }

    /// <inheritdoc cref="IsRole(ReadOnlySpan{char})"/>
    public static bool IsRole(string? localPart) => localPart is not null && IsRole(localPart.AsSpan());

    private static bool IsSeparator(char c) => c is '-' or '.' or '_';

    private static string Normalize(string name) => string.Concat(name.Where(c => !IsSeparator(c)));
}
