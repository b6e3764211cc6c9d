namespace Verifier.Core.Tests.Enrichment;

/// <summary>Reads the test lists in <c>Enrichment/Data/</c> (copied to the output directory).</summary>
internal static class TestData
{
    public static IReadOnlyList<string> Lines(string fileName) =>
    [
        .. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Enrichment", "Data", fileName))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#')),
    ];

    public static IReadOnlyList<(string Typed, string Expected)> Pairs(string fileName) =>
    [
        .. Lines(fileName).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => (p[0], p[1])),
    ];
}
