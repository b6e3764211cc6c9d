using System.Text;
using System.Xml.Linq;
using Verifier.Core.Syntax;

namespace Verifier.Core.Tests.Syntax;

/// <summary>
/// Runs every case of Dominic Sayers' is_email test set (v3.05, 164 addresses) kept in
/// <c>Syntax/Corpus/isemail/tests.xml</c> (BSD 3-Clause, licence beside it). Its README maps the
/// categories: VALID, DNSWARN and RFC5321 must be accepted; CFWS, DEPREC, RFC5322 and ERR
/// must be rejected.
/// </summary>
public sealed class IsEmailConformanceTests
{
    private const int ExpectedCaseCount = 164;

    private static readonly string[] AcceptedCategories = ["ISEMAIL_VALID_CATEGORY", "ISEMAIL_DNSWARN", "ISEMAIL_RFC5321"];

    private static readonly string[] RejectedCategories = ["ISEMAIL_CFWS", "ISEMAIL_DEPREC", "ISEMAIL_RFC5322", "ISEMAIL_ERR"];

    // Cases where Verifier deliberately disagrees with the category mapping: id → reason.
    // Empty: every case is decided as the corpus expects.
    private static readonly Dictionary<string, string> DeliberateDifferences = [];

    private static readonly Lazy<Corpus> Loaded = new(Corpus.Load);

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        var corpus = Loaded.Value;
        if (corpus.Problem is not null)
        {
            // One row that fails with the reason, so a missing corpus can never pass silently.
            data.Add("missing", "-", "-");
            return data;
        }

        foreach (var c in corpus.Cases)
        {
            data.Add(c.Id, c.Category, c.Diagnosis);
        }

        return data;
    }

    [Fact]
    public void Corpus_is_present_and_complete()
    {
        var corpus = Loaded.Value;
        Assert.True(corpus.Problem is null, corpus.Problem);
        Assert.Equal(ExpectedCaseCount, corpus.Cases.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string id, string category, string diagnosis)
    {
        var corpus = Loaded.Value;
        Assert.True(corpus.Problem is null, corpus.Problem);

        var test = corpus.Cases.Single(c => c.Id == id);
        var expectValid = ExpectedValid(test.Category);
        if (DeliberateDifferences.ContainsKey(id))
        {
            expectValid = !expectValid;
        }

        var valid = EmailSyntax.IsValid(test.Address, out var error);
        var parsed = EmailSyntax.TryParse(test.Address, out var address, out var parseError);

        Assert.True(
            valid == expectValid,
            $"is_email #{id} {Visible(test.Address)}: category {category}, diagnosis {diagnosis}; " +
            $"expected {(expectValid ? "valid" : "invalid")}, got {(valid ? "valid" : $"{error.Code} at {error.Index}")}");
        Assert.Equal(valid, parsed);
        Assert.Equal(error, parseError);
        Assert.Equal(valid, address is not null);
    }

    private static bool ExpectedValid(string category)
    {
        if (AcceptedCategories.Contains(category))
        {
            return true;
        }

        if (RejectedCategories.Contains(category))
        {
            return false;
        }

        throw new InvalidOperationException($"Unknown is_email category {category}.");
    }

    // Shows control characters as U+2400+n again, so the failure message stays readable.
    private static string Visible(string address)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in address)
        {
            sb.Append(c < 0x20 ? (char)(0x2400 + c) : c == 0x7F ? '\u2421' : c);
        }

        return sb.Append('"').ToString();
    }

    private sealed record TestCase(string Id, string Address, string Category, string Diagnosis);

    private sealed record Corpus(IReadOnlyList<TestCase> Cases, string? Problem)
    {
        public static Corpus Load()
        {
            // Copied beside the test assembly by the project file, so the test needs nothing outside the repository.
            var path = Path.Combine(AppContext.BaseDirectory, "Syntax", "Corpus", "isemail", "tests.xml");
            if (!File.Exists(path))
            {
                return new Corpus([], $"The is_email corpus is missing: expected it at {path}.");
            }

            var cases = XDocument.Load(path).Root!
                .Elements("test")
                .Select(t => new TestCase(
                    (string)t.Attribute("id")!,
                    FromControlPictures((string?)t.Element("address") ?? string.Empty),
                    (string)t.Element("category")!,
                    (string)t.Element("diagnosis")!))
                .ToList();
            return new Corpus(cases, null);
        }

        // The corpus writes control character n as U+2400 + n (its note 1).
        private static string FromControlPictures(string text) =>
            string.Create(text.Length, text, static (dest, src) =>
            {
                for (var i = 0; i < src.Length; i++)
                {
                    var c = src[i];
                    dest[i] = c is >= '\u2400' and <= '\u241F' ? (char)(c - 0x2400) : c;
                }
            });
    }

    [Fact]
    public void Deliberate_differences_refer_to_real_cases()
    {
        var ids = Loaded.Value.Cases.Select(c => c.Id).ToHashSet();
        Assert.All(DeliberateDifferences.Keys, id => Assert.Contains(id, ids));
    }
}
