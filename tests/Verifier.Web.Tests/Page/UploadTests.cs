using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Page;

/// <summary>"Check a list" in Chromium: a CSV of a few hundred rows verified against loopback DNS and SMTP.</summary>
[Collection(WebPageTests.Name)]
public sealed class UploadTests(WebFixture fixture)
{
    private static readonly string[] VerdictNames = ["deliverable", "undeliverable", "risky", "unknown"];

    private static readonly LocatorAssertionsToBeVisibleOptions JobTime = new() { Timeout = 45_000 };

    [Fact]
    public async Task A_list_is_checked_with_live_progress_a_chart_of_verdicts_downloads_that_match_the_API_and_a_bounce_summary()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        var file = WriteFile("contacts.csv", ContactList.Csv());

        // The file picker; the page reads the first lines and finds the "E-mail" column by its header.
        await page.Locator("#file-input").SetInputFilesAsync(file);
        await Assertions.Expect(page.Locator("#file-summary")).ToContainTextAsync("300 rows");
        await Assertions.Expect(page.Locator("#file-summary")).ToContainTextAsync("comma-separated");
        await Assertions.Expect(page.Locator("#file-summary")).ToContainTextAsync("with a header row");
        var column = page.GetByLabel("Email column");
        await Assertions.Expect(column).ToHaveValueAsync("2");
        await Assertions.Expect(page.Locator("#column-hint")).ToContainTextAsync("Detected from the header");
        await Assertions.Expect(page.Locator("#preview th.selected")).ToHaveTextAsync("E-mail");
        await Assertions.Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(5);

        // The choice can be changed before starting, and changed back.
        await column.SelectOptionAsync("1");
        await Assertions.Expect(page.Locator("#column-hint")).ToContainTextAsync("You chose “Company”");
        await Assertions.Expect(page.Locator("#preview th.selected")).ToHaveTextAsync("Company");
        await column.SelectOptionAsync("2");
        await Screenshots.SaveAsync(page, "upload-columns");

        await page.GetByRole(AriaRole.Button, new() { Name = "Verify 300 rows" }).ClickAsync();

        await Assertions.Expect(page.Locator("#job-done")).ToBeVisibleAsync(JobTime);
        var (value, max) = await ProgressAsync(page);
        Assert.Equal(ContactList.Count, max);
        Assert.Equal(max, value);
        await Assertions.Expect(page.Locator("#job-progress-text")).ToContainTextAsync("300 of 300 rows checked (100%)");
        await Assertions.Expect(page.Locator("#job-eta")).ToHaveTextAsync("done");
        await Assertions.Expect(page.Locator("#job-rate")).ToContainTextAsync("rows/s");
        await Assertions.Expect(page.Locator("#cancel-button")).ToBeHiddenAsync();

        // The chart's counts are the API's, and the ones this list was built to give.
        var id = await page.Locator("#job").GetAttributeAsync("data-job-id");
        Assert.False(string.IsNullOrEmpty(id));
        using var progress = JsonDocument.Parse(await fixture.World.Http.GetStringAsync($"/v1/jobs/{id}"));
        Assert.Equal("completed", progress.RootElement.GetProperty("status").GetString());
        foreach (var verdict in VerdictNames)
        {
            var shown = await page.Locator($"#chart g[data-verdict={verdict}]").GetAttributeAsync("data-count");
            var counted = progress.RootElement.GetProperty("counts").GetProperty(verdict).GetInt64();
            Assert.Equal(counted.ToString(CultureInfo.InvariantCulture), shown);
            Assert.Equal(ContactList.CountOf(verdict), counted);
        }

        // The bounce summary: one line per likely code, with the API's numbers.
        var bounces = progress.RootElement.GetProperty("likelyBounces").EnumerateObject().Where(p => p.Value.GetInt64() > 0).ToList();
        Assert.NotEmpty(bounces);
        await Assertions.Expect(page.Locator("#bounce-summary li[data-code]")).ToHaveCountAsync(bounces.Count);
        foreach (var bounce in bounces)
        {
            var line = page.Locator($"#bounce-summary li[data-code='{bounce.Name}']");
            await Assertions.Expect(line).ToHaveAttributeAsync("data-count", bounce.Value.GetInt64().ToString(CultureInfo.InvariantCulture));
        }

        await Assertions.Expect(page.Locator("#bounce-summary li[data-code='550']")).ToContainTextAsync("remove");
        await Assertions.Expect(page.Locator("#bounce-summary li[data-code='552']")).ToContainTextAsync("mailbox full");
        await Assertions.Expect(page.Locator("#bounce-rate")).ToContainTextAsync(
            $"{ContactList.CountOf("undeliverable")} of 300 messages");
        await Assertions.Expect(page.Locator("#bounce-summary li[data-code='550'] details")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "upload-done");

        // The downloads are the API's results: every row, in input order, with the JSON's verdicts.
        var json = await fixture.World.Http.GetFromJsonAsync<JsonElement>($"/v1/jobs/{id}/results?format=json");
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(ContactList.Count, rows.Count);

        var all = CsvText.Parse(await DownloadAsync(page, "all", "contacts-verified.csv"));
        Assert.Equal(["Name", "Company", "E-mail", "Notes", "verdict", "reason", "smtp_code", "smtp_enhanced_code", "suggestion"], all[0]);
        Assert.Equal(ContactList.Count, all.Count - 1);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].GetProperty("cells").EnumerateArray().Select(c => c.GetString()).ToArray();
            Assert.Equal(cells, all[i + 1][..4]);
            Assert.Equal(rows[i].GetProperty("verdict").GetString(), all[i + 1][4]);
            Assert.Equal(rows[i].GetProperty("reason").GetString(), all[i + 1][5]);
            Assert.Equal(ContactList.Rows[i].Email, all[i + 1][2]);
            Assert.Equal(ContactList.Rows[i].Verdict, all[i + 1][4]);
        }

        var safe = CsvText.Parse(await DownloadAsync(page, "deliverable", "contacts-safe-to-send.csv"));
        Assert.Equal(EmailsOf(rows, "deliverable"), safe.Skip(1).Select(r => r[2]));
        Assert.All(safe.Skip(1), r => Assert.Equal("deliverable", r[4]));

        var remove = CsvText.Parse(await DownloadAsync(page, "undeliverable", "contacts-remove.csv"));
        Assert.Equal(EmailsOf(rows, "undeliverable"), remove.Skip(1).Select(r => r[2]));
        Assert.All(remove.Skip(1), r => Assert.Equal("undeliverable", r[4]));

        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task A_dropped_semicolon_file_without_a_header_gets_its_column_from_the_values_and_a_DNS_only_pass()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        var csv = new StringBuilder();
        for (var i = 1; i <= 20; i++)
        {
            var email = i % 2 == 0 ? $"person{i}@ok.test" : $"person{i}@nowhere.test";
            csv.Append(CultureInfo.InvariantCulture, $"{i};{email};Person {i}\n");
        }

        // Drag and drop: a drop event carrying the file, as the browser dispatches it.
        var transfer = await page.EvaluateHandleAsync(
            "text => { const t = new DataTransfer(); t.items.add(new File([text], 'dropped.csv', { type: 'text/csv' })); return t; }",
            csv.ToString());
        await page.DispatchEventAsync("#drop-zone", "dragover", new { dataTransfer = transfer });
        await page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer = transfer });

        await Assertions.Expect(page.Locator("#file-summary")).ToContainTextAsync("semicolon-separated");
        await Assertions.Expect(page.Locator("#file-summary")).ToContainTextAsync("no header row");
        await Assertions.Expect(page.GetByLabel("Email column")).ToHaveValueAsync("1");
        await Assertions.Expect(page.Locator("#column-hint")).ToContainTextAsync("Detected from the values");

        await page.GetByLabel("Ask each mail server").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify 20 rows" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-done")).ToBeVisibleAsync(JobTime);

        var undeliverable = await page.Locator("#chart g[data-verdict=undeliverable]").GetAttributeAsync("data-count");
        Assert.Equal("10", undeliverable);
        var total = 0;
        foreach (var verdict in VerdictNames)
        {
            total += int.Parse((await page.Locator($"#chart g[data-verdict={verdict}]").GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
        }

        Assert.Equal(20, total);
        await Screenshots.SaveAsync(page, "upload-dropped-dns-only");

        // Another file can be checked after this one.
        await page.GetByRole(AriaRole.Button, new() { Name = "Check another file" }).ClickAsync();
        await Assertions.Expect(page.Locator("#drop-zone")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#job")).ToBeHiddenAsync();
        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task While_a_slow_list_runs_the_bar_the_counts_the_speed_and_the_time_left_move()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await page.Locator("#file-input").SetInputFilesAsync(WriteFile("slow.csv", SlowList(160)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify 160 rows" }).ClickAsync();

        // Part way: some rows counted, the rest still to come, a speed and an estimate shown.
        await page.WaitForFunctionAsync(
            """
            () => {
                const bar = document.querySelector('#job-progress');
                const checked = Number(document.querySelector('#chart g[data-verdict=deliverable]')?.dataset.count ?? 0);
                return bar.value > 0 && bar.value < bar.max && checked > 0
                    && document.querySelector('#job-eta').textContent.startsWith('about');
            }
            """,
            null,
            new() { Timeout = 30_000, PollingInterval = 25 });
        await Assertions.Expect(page.Locator("#job-rate")).ToContainTextAsync("rows/s");
        await Assertions.Expect(page.Locator("#job-progress-text")).ToContainTextAsync("of 160 rows checked");
        await Assertions.Expect(page.Locator("#cancel-button")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "upload-progress");

        await Assertions.Expect(page.Locator("#job-done")).ToBeVisibleAsync(JobTime);
        Assert.Equal("160", await page.Locator("#chart g[data-verdict=deliverable]").GetAttributeAsync("data-count"));
        await Assertions.Expect(page.Locator("#bounce-rate")).ToContainTextAsync("no hard bounces");
        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task A_running_list_can_be_cancelled_and_its_data_is_deleted()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await page.Locator("#file-input").SetInputFilesAsync(WriteFile("cancelled.csv", SlowList(400)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify 400 rows" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job")).ToBeVisibleAsync();
        var id = await page.Locator("#job").GetAttributeAsync("data-job-id");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel and delete this job" }).ClickAsync();

        await Assertions.Expect(page.Locator("#job-progress-text")).ToHaveTextAsync("The job was cancelled and its data deleted.");
        await Assertions.Expect(page.Locator("#downloads button")).ToHaveCountAsync(0);
        using var response = await fixture.World.Http.GetAsync($"/v1/jobs/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(session.Refused);
    }

    private static string SlowList(int rows)
    {
        var csv = new StringBuilder("email\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"slow{i}@slow.test\n");
        }

        return csv.ToString();
    }

    private static async Task<(double Value, double Max)> ProgressAsync(IPage page)
    {
        var values = await page.Locator("#job-progress").EvaluateAsync<double[]>("p => [p.value, p.max]");
        return (values[0], values[1]);
    }

    private static async Task<string> DownloadAsync(IPage page, string which, string expectedName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-download='{which}']").ClickAsync());
        Assert.Equal(expectedName, download.SuggestedFilename);
        var path = Path.Combine(Screenshots.Directory, "..", "downloads", expectedName);
        await download.SaveAsAsync(path);
        return await File.ReadAllTextAsync(path);
    }

    private static List<string?> EmailsOf(List<JsonElement> rows, string verdict) =>
        [.. rows.Where(r => r.GetProperty("verdict").GetString() == verdict).Select(r => r.GetProperty("cells")[2].GetString())];

    private static string WriteFile(string name, string content)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Screenshots.Directory, "..", "uploads")).FullName;
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
