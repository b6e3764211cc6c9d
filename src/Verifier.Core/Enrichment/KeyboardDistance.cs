namespace Verifier.Core.Enrichment;

/// <summary>
/// Optimal string alignment distance (Damerau–Levenshtein restricted to adjacent transpositions that are not
/// edited again), weighted by the QWERTY keyboard: a substitution of a key by a neighbouring key costs like any
/// other single edit, a substitution by a distant key costs more, because a slipped finger is a likelier typo
/// than a wrong letter two rows away.
/// </summary>
internal static class KeyboardDistance
{
    /// <summary>The cost of one insertion, deletion, transposition or substitution by a neighbouring key.</summary>
    public const int Edit = 2;

    /// <summary>The cost of a substitution by a key that is not a neighbour (or not on the letter keys).</summary>
    public const int FarSubstitution = 3;

    private const int StackLimit = 128;

    private static readonly string[] Rows = ["1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"];

    /// <summary>Row and column of each ASCII key, −1 when it is not on the letter or digit rows.</summary>
    private static readonly (sbyte Row, sbyte Column)[] Keys = BuildKeys();

    /// <summary>
    /// The weighted distance between <paramref name="source"/> and <paramref name="target"/> (case-sensitive),
    /// or <c>limit + 1</c> as soon as it is known to exceed <paramref name="limit"/>.
    /// </summary>
    public static int Between(ReadOnlySpan<char> source, ReadOnlySpan<char> target, int limit)
    {
        if (Math.Abs(source.Length - target.Length) * Edit > limit)
        {
            return limit + 1;
        }

        var width = target.Length + 1;
        Span<int> buffer = 3 * width <= StackLimit ? stackalloc int[StackLimit] : new int[3 * width];
        var twoBack = buffer[..width];
        var previous = buffer.Slice(width, width);
        var current = buffer.Slice(2 * width, width);

        for (var j = 0; j < width; j++)
        {
            previous[j] = j * Edit;
        }

        var previousMin = 0;
        for (var i = 1; i <= source.Length; i++)
        {
            current[0] = i * Edit;
            var rowMin = current[0];
            for (var j = 1; j < width; j++)
            {
                var s = source[i - 1];
                var t = target[j - 1];
                var substitution = s == t ? 0 : AreNeighbours(s, t) ? Edit : FarSubstitution;
                var value = Math.Min(Math.Min(previous[j] + Edit, current[j - 1] + Edit), previous[j - 1] + substitution);
                if (i > 1 && j > 1 && s == target[j - 2] && source[i - 2] == t && s != t)
                {
                    value = Math.Min(value, twoBack[j - 2] + Edit);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            // Row i + 1 is built from rows i and i − 1 only; once both exceed the limit, so does the result.
            if (rowMin > limit && previousMin > limit)
            {
                return limit + 1;
            }

            previousMin = rowMin;
            var spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[width - 1], limit + 1);
    }

    /// <summary>True when the two keys touch on a QWERTY keyboard (same row side by side, or diagonal).</summary>
    public static bool AreNeighbours(char a, char b)
    {
        if (a >= Keys.Length || b >= Keys.Length)
        {
            return false;
        }

        var (rowA, columnA) = Keys[a];
        var (rowB, columnB) = Keys[b];
        if (rowA < 0 || rowB < 0)
        {
            return false;
        }

        // Each row sits half a key to the right of the row above it: key (r, c) touches (r + 1, c − 1),
        // (r + 1, c), (r − 1, c) and (r − 1, c + 1).
        return (rowB - rowA) switch
        {
            0 => Math.Abs(columnA - columnB) == 1,
            1 => columnB == columnA - 1 || columnB == columnA,
            -1 => columnB == columnA || columnB == columnA + 1,
            _ => false,
        };
    }

    private static (sbyte Row, sbyte Column)[] BuildKeys()
    {
        var keys = new (sbyte Row, sbyte Column)[128];
        Array.Fill(keys, ((sbyte)-1, (sbyte)-1));
        for (var row = 0; row < Rows.Length; row++)
        {
            for (var column = 0; column < Rows[row].Length; column++)
            {
                keys[Rows[row][column]] = ((sbyte)row, (sbyte)column);
            }
        }

        return keys;
    }
}
