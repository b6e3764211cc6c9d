using System.Text.Json;
using Verifier.Core.Bounces;

namespace Verifier.Core.Tests.Bounces;

/// <summary>
/// Bounce messages, DSNs and notifications in the styles of Gmail, Outlook/Exchange, Yahoo, Postfix, Exim,
/// Sendmail, Amazon SES and qmail (Corpus/*), each classified as Corpus/expected.json says.
/// </summary>
public sealed class BounceCorpusTests
{
    private const int MinimumCorpusSize = 40;

    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Bounces", "Corpus");

    private sealed record Expected(
        int? Code, string? EnhancedCode, string Class, string Reason, string Action, string? Recipient);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<Dictionary<string, Expected>> Manifest = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, Expected>>(
            File.ReadAllText(Path.Combine(CorpusDirectory, "expected.json")), JsonOptions)!);

    public static TheoryData<string> CorpusFiles() => new(Manifest.Value.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_file_is_classified_as_expected(string file)
    {
        var expected = Manifest.Value[file];

        var result = BounceClassifier.Classify(File.ReadAllText(Path.Combine(CorpusDirectory, file)));

        Assert.Equal(
            (expected.Code, expected.EnhancedCode, expected.Class, expected.Reason, expected.Action, expected.Recipient),
            (result.Code, result.EnhancedCode, result.Class, result.Reason, result.Action, result.Recipient));
        Assert.False(string.IsNullOrWhiteSpace(result.DiagnosticText), file);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_file_with_crlf_line_endings_is_classified_the_same(string file)
    {
        var text = File.ReadAllText(Path.Combine(CorpusDirectory, file));

        var lf = BounceClassifier.Classify(text);
        var crlf = BounceClassifier.Classify(text.Replace("\n", "\r\n"));

        Assert.Equal((lf.Code, lf.EnhancedCode, lf.Reason, lf.Recipient), (crlf.Code, crlf.EnhancedCode, crlf.Reason, crlf.Recipient));
    }

    [Fact]
    public void Corpus_holds_at_least_40_files_each_with_an_expectation()
    {
        var files = Directory.GetFiles(CorpusDirectory)
            .Select(Path.GetFileName)
            .Where(name => name != "expected.json")
            .ToList();

        Assert.True(files.Count >= MinimumCorpusSize, $"{files.Count} corpus files");
        Assert.Equal(files.Order(StringComparer.Ordinal), Manifest.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("gmail-")]
    [InlineData("outlook-")]
    [InlineData("exchange-")]
    [InlineData("yahoo-")]
    [InlineData("postfix-")]
    [InlineData("exim-")]
    [InlineData("sendmail-")]
    [InlineData("ses-")]
    [InlineData("qmail-")]
    public void Corpus_covers_each_sender_style(string prefix) =>
        Assert.True(Manifest.Value.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal)) >= 3, prefix);

    [Fact]
    public void Every_failed_recipient_of_a_dsn_is_classified()
    {
        var text = File.ReadAllText(Path.Combine(CorpusDirectory, "postfix-multiple-recipients.eml"));

        var results = BounceClassifier.ClassifyAll(text);

        Assert.Equal(
            [("gone@example.com", "mailbox_not_found", "suppress"), ("full@example.com", "mailbox_full", "retry_later")],
            results.Select(r => (r.Recipient, r.Reason, r.Action)));
    }

    [Fact]
    public void A_delivery_report_without_failures_is_not_a_bounce()
    {
        const string Report = """
            From: MAILER-DAEMON@mail.sender.example
            Subject: Successful Mail Delivery Report
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message was successfully delivered to the destination(s) listed below.

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.sender.example

            Final-Recipient: rfc822; ok@example.com
            Action: delivered
            Status: 2.0.0
            Diagnostic-Code: smtp; 250 2.0.0 Ok: queued as 7C1D2E3F

            --b1--
            """;

        var result = BounceClassifier.Classify(Report);

        Assert.Equal(("success", "accepted", "none"), (result.Class, result.Reason, result.Action));
    }
}
