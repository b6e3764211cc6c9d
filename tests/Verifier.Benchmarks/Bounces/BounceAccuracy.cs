using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Verifier.Core.Bounces;

namespace Verifier.Benchmarks.Bounces;

/// <summary>
/// Reads every corpus folder's <c>expected.json</c> under the bounce corpus and prints, per MTA family, how many
/// messages got the expected reason, class, action and recipients; the share of "suppress" actions given to a
/// transient or sender-side cause; and messages per second over the whole corpus.
/// </summary>
internal static class BounceAccuracy
{
    private sealed record Expected(string Family, string Reason, string Class, string Action, string[] Recipients);

    private sealed record Row(string Source, string File, Expected Expected, string Text);

    private sealed class Tally
    {
        public int Rows;
        public int Reason;
        public int Class;
        public int Action;
        public int Recipients;
        public int All;
    }

    public static int Run(string[] args)
    {
        var corpus = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? FindCorpus();
        var rows = Load(corpus);
        var byFamily = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var total = new Tally();
        int suppressed = 0, wronglySuppressed = 0;
        var misses = new List<string>();

        foreach (var row in rows)
        {
            var all = BounceClassifier.ClassifyAll(row.Text);
            var first = all[0];
            var recipients = all.Select(r => r.Recipient).OfType<string>()
                .Select(r => r.ToLowerInvariant()).Distinct().ToArray();
            var expected = row.Expected;
            var reasonOk = Wire(first.Reason) == expected.Reason;
            var classOk = Wire(first.Class) == expected.Class;
            var actionOk = Wire(first.Action) == expected.Action;
            var recipientsOk = recipients.SequenceEqual(expected.Recipients.Select(r => r.ToLowerInvariant()));

            foreach (var tally in new[] { total, byFamily.TryGetValue(expected.Family, out var t) ? t : byFamily[expected.Family] = new Tally() })
            {
                tally.Rows++;
                tally.Reason += reasonOk ? 1 : 0;
                tally.Class += classOk ? 1 : 0;
                tally.Action += actionOk ? 1 : 0;
                tally.Recipients += recipientsOk ? 1 : 0;
                tally.All += reasonOk && classOk && actionOk && recipientsOk ? 1 : 0;
            }

            if (Wire(first.Action) == "suppress")
            {
                suppressed++;
                if (expected.Action is "retry_later" or "fix_configuration")
                {
                    wronglySuppressed++;
                }
            }

            if (!(reasonOk && classOk && actionOk && recipientsOk))
            {
                misses.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Source}/{row.File}: expected {expected.Reason}/{expected.Class}/{expected.Action} [{string.Join(',', expected.Recipients)}], got {Wire(first.Reason)}/{Wire(first.Class)}/{Wire(first.Action)} [{string.Join(',', recipients)}]"));
            }
        }

        Console.WriteLine("| family | messages | reason | class | action | recipients | all four |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (family, tally) in byFamily)
        {
            Print(family, tally);
        }

        Print("**all**", total);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"suppress actions given to a transient or sender-side cause: {wronglySuppressed} of {suppressed} ({Percent(wronglySuppressed, suppressed)})"));

        var texts = rows.Select(r => r.Text).ToArray();
        var clock = Stopwatch.StartNew();
        var passes = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3) || passes == 0)
        {
            foreach (var text in texts)
            {
                _ = BounceClassifier.ClassifyAll(text);
            }

            passes++;
        }

        var perSecond = passes * texts.Length / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"speed over the corpus ({texts.Length} messages, {texts.Sum(t => t.Length) / texts.Length / 1024.0:0.0} KiB on average): {perSecond:0} messages/s on one thread"));

        if (args.Contains("--misses"))
        {
            Console.WriteLine();
            misses.ForEach(Console.WriteLine);
        }

        return 0;
    }

    private static void Print(string family, Tally t) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {family} | {t.Rows} | {Percent(t.Reason, t.Rows)} | {Percent(t.Class, t.Rows)} | {Percent(t.Action, t.Rows)} | {Percent(t.Recipients, t.Rows)} | {Percent(t.All, t.Rows)} |"));

    private static string Percent(int part, int whole) =>
        whole == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0}%");

    /// <summary>An enum value as the API writes it (snake_case), a string as it is.</summary>
    private static string Wire(object? value) => value switch
    {
        null => "",
        string s => s,
        _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()!),
    };

    private static List<Row> Load(string corpus)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var rows = new List<Row>();
        foreach (var manifest in Directory.GetFiles(corpus, "expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var folder = Path.GetDirectoryName(manifest)!;
            var source = Path.GetFileName(folder);
            var expected = JsonSerializer.Deserialize<Dictionary<string, Expected>>(File.ReadAllText(manifest), options)!;
            foreach (var (file, row) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                rows.Add(new Row(source, file, row, File.ReadAllText(Path.Combine(folder, file))));
            }
        }

        return rows;
    }

    private static string FindCorpus()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Verifier.Core.Tests", "Bounces", "Corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Verifier.Core.Tests/Bounces/Corpus not found above " + AppContext.BaseDirectory);
    }
}
