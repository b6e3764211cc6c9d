using System.Text.Json;
using Verifier.Core.Bounces;

namespace Verifier.Core.Tests.Bounces;

/// <summary>
/// Every message of the bounce corpus (Corpus/&lt;source&gt;/, each source with its licence and an
/// <c>expected.json</c> written by reading the messages) is classified as its row says: reason, class, action and
/// every recipient, and, where the row gives them, the reply code and enhanced code.
/// </summary>
public sealed class BounceCorpusTests
{
    private const int MinimumCorpusSize = 500;

    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Bounces", "Corpus");

    /// <summary>Files that describe a source rather than being one of its messages.</summary>
    private static readonly HashSet<string> SourceFiles =
        ["expected.json", "README.md", "LICENSE", "COPYING", "COPYING.LESSER", "debian-copyright"];

    private sealed record Expected(
        string Family, string Reason, string Class, string Action, string[] Recipients,
        int? Code = null, string? EnhancedCode = null);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<Dictionary<string, Expected>> Rows = new(() =>
    {
        var rows = new Dictionary<string, Expected>(StringComparer.Ordinal);
        foreach (var manifest in Directory.GetFiles(CorpusDirectory, "expected.json", SearchOption.AllDirectories))
        {
            var source = Path.GetFileName(Path.GetDirectoryName(manifest)!);
            var expected = JsonSerializer.Deserialize<Dictionary<string, Expected>>(File.ReadAllText(manifest), JsonOptions)!;
            foreach (var (file, row) in expected)
            {
                rows.Add(source + "/" + file, row);
            }
        }

        return rows;
    });

    public static TheoryData<string> CorpusFiles() => new(Rows.Value.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_message_is_classified_as_its_row_says(string file)
    {
        var expected = Rows.Value[file];

        var all = BounceClassifier.ClassifyAll(Read(file));
        var first = all[0];

        Assert.Equal(
            (expected.Reason, expected.Class, expected.Action),
            (Wire(first.Reason), Wire(first.Class), Wire(first.Action)));
        Assert.Equal(
            expected.Recipients.Select(r => r.ToLowerInvariant()),
            Recipients(all));
        if (expected.Code is not null || expected.EnhancedCode is not null)
        {
            Assert.Equal((expected.Code, expected.EnhancedCode), (first.Code, first.EnhancedCode));
        }
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_message_with_crlf_line_endings_is_classified_the_same(string file)
    {
        var text = Read(file).Replace("\r\n", "\n", StringComparison.Ordinal);

        var lf = BounceClassifier.ClassifyAll(text);
        var crlf = BounceClassifier.ClassifyAll(text.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal((lf[0].Reason, lf[0].Code, lf[0].EnhancedCode), (crlf[0].Reason, crlf[0].Code, crlf[0].EnhancedCode));
        Assert.Equal(Recipients(lf), Recipients(crlf));
    }

    [Fact]
    public void Every_corpus_message_has_a_row_and_every_row_a_message()
    {
        var files = Directory.GetDirectories(CorpusDirectory)
            .SelectMany(d => Directory.GetFiles(d).Select(f => Path.GetFileName(d) + "/" + Path.GetFileName(f)))
            .Where(f => !SourceFiles.Contains(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(files, Rows.Value.Keys.Order(StringComparer.Ordinal));
        Assert.True(files.Count >= MinimumCorpusSize, $"{files.Count} corpus messages");
    }

    [Fact]
    public void Every_source_keeps_its_licence_and_description_beside_it()
    {
        foreach (var source in Directory.GetDirectories(CorpusDirectory).Where(d => Path.GetFileName(d) != "written"))
        {
            Assert.True(File.Exists(Path.Combine(source, "README.md")), source);
            Assert.True(File.Exists(Path.Combine(source, "LICENSE")) || File.Exists(Path.Combine(source, "COPYING.LESSER")), source);
        }
    }

    [Theory]
    [InlineData("postfix", 50)]
    [InlineData("exim", 20)]
    [InlineData("sendmail", 10)]
    [InlineData("qmail", 10)]
    [InlineData("exchange", 10)]
    [InlineData("microsoft365", 5)]
    [InlineData("outlook.com", 3)]
    [InlineData("gmail", 10)]
    [InlineData("yahoo", 10)]
    [InlineData("ses", 3)]
    [InlineData("domino", 3)]
    [InlineData("courier", 2)]
    [InlineData("opensmtpd", 2)]
    [InlineData("list-manager", 3)]
    [InlineData("arf", 5)]
    [InlineData("auto-reply", 5)]
    public void Corpus_covers_each_family(string family, int minimum) =>
        Assert.True(Rows.Value.Values.Count(r => r.Family == family) >= minimum, family);

    private static string Read(string file) => File.ReadAllText(Path.Combine(CorpusDirectory, file));

    private static IEnumerable<string> Recipients(IReadOnlyList<BounceClassification> all) =>
        all.Select(r => r.Recipient).OfType<string>().Select(r => r.ToLowerInvariant()).Distinct();

    /// <summary>An enum value as the API writes it (snake_case), a string as it is.</summary>
    private static string Wire(object value) => value as string ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()!);
}
