using System.Collections.Frozen;

namespace Verifier.Core.Enrichment;

/// <summary>Reads the enrichment lists embedded from <c>Enrichment/Data/*.txt</c>.</summary>
internal static class DataFile
{
    private const string ResourcePrefix = "Verifier.Core.Enrichment.Data.";

    /// <summary>
    /// The entries of one list, in file order: each line trimmed and lower-cased, blank lines and
    /// <c>#</c> comments (whole-line or trailing) skipped.
    /// </summary>
    public static IEnumerable<string> ReadLines(string fileName)
    {
        var assembly = typeof(DataFile).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Embedded enrichment list '{fileName}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var entry = (hash >= 0 ? line.AsSpan(0, hash) : line.AsSpan()).Trim();
            if (!entry.IsEmpty)
            {
                yield return entry.ToString().ToLowerInvariant();
            }
        }
    }

    /// <summary>A list as a case-insensitive set, searchable by span without allocating.</summary>
    public static FrozenSet<string> ReadSet(string fileName) =>
        ReadLines(fileName).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
