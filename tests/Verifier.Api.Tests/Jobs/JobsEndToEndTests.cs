using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Jobs;

public sealed class JobsEndToEndTests
{
    /// <summary>BOM, ';' delimiter, quoted fields with the delimiter, quotes and a line break, an empty and a malformed email, a short row, CR LF.</summary>
    private const string Upload =
        "\uFEFFName;Email;Note\r\n" +
        "Alice;alice@ok.test;\"likes ; semicolons\"\r\n" +
        "Bob;bob@ok.test;\"two\r\nlines\"\r\n" +
        "Carol;carol@ok.test;\r\n" +
        "Dave;dave@ok.test;\"say \"\"hi\"\"\"\r\n" +
        "Nobody;;empty email\r\n" +
        "Broken;not-an-address;malformed\r\n" +
        "Short\r\n" +
        "Gone;x@missing.test;no domain\r\n";

    private const string ExpectedCsv =
        "\uFEFFName;Email;Note;verdict;reason;smtp_code;smtp_enhanced_code;suggestion\r\n" +
        "Alice;alice@ok.test;\"likes ; semicolons\";deliverable;accepted;250;2.1.5;\r\n" +
        "Bob;bob@ok.test;\"two\r\nlines\";undeliverable;mailbox_not_found;550;5.1.1;\r\n" +
        "Carol;carol@ok.test;;undeliverable;mailbox_disabled;550;5.2.1;\r\n" +
        "Dave;dave@ok.test;\"say \"\"hi\"\"\";risky;mailbox_full;552;5.2.2;\r\n" +
        "Nobody;;empty email;unknown;invalid_syntax;;;\r\n" +
        "Broken;not-an-address;malformed;undeliverable;invalid_syntax;553;5.1.3;\r\n" +
        "Short;;;unknown;invalid_syntax;;;\r\n" +
        "Gone;x@missing.test;no domain;undeliverable;no_such_domain;550;5.4.4;\r\n";

    [Fact]
    public async Task A_messy_csv_completes_with_every_row_and_column_in_order()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();

        var id = await JobWorld.SubmitAsync(client, Upload);
        var progress = await JobWorld.WaitForFinishAsync(client, id);

        Assert.Equal("completed", progress.Str("status"));
        Assert.Equal(8, progress.GetProperty("total").GetInt32());
        Assert.Equal(8, progress.GetProperty("processed").GetInt32());
        Assert.Equal(1, progress.GetProperty("counts").GetProperty("deliverable").GetInt32());
        Assert.Equal(4, progress.GetProperty("counts").GetProperty("undeliverable").GetInt32());
        Assert.Equal(1, progress.GetProperty("counts").GetProperty("risky").GetInt32());
        Assert.Equal(2, progress.GetProperty("counts").GetProperty("unknown").GetInt32());
        Assert.Equal("""{"550":3,"552":1,"553":1}""", progress.GetProperty("likelyBounces").GetRawText());
        Assert.Equal(0.5, progress.GetProperty("bounceRate").GetDouble());
        Assert.Equal(0, progress.GetProperty("retriesPending").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, progress.GetProperty("completedAt").ValueKind);

        using var csv = await client.GetAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetBytes(ExpectedCsv), await csv.Content.ReadAsByteArrayAsync());

        var json = await client.GetJsonAsync($"/v1/jobs/{id}/results?format=json");
        Assert.Equal(["Name", "Email", "Note"], json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, json.GetProperty("emailColumn").GetInt32());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 8), rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["Bob", "bob@ok.test", "two\r\nlines"], rows[1].GetProperty("cells").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Short"], rows[6].GetProperty("cells").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(
            ["deliverable", "undeliverable", "undeliverable", "risky", "unknown", "undeliverable", "unknown", "undeliverable"],
            rows.Select(r => r.GetProperty("verdict").GetString()));
        Assert.Equal(550, rows[1].GetProperty("smtpCode").GetInt32());
        Assert.Equal("5.1.1", rows[1].GetProperty("smtpEnhancedCode").GetString());
        Assert.Equal(JsonValueKind.Null, rows[4].GetProperty("smtpCode").ValueKind);
    }

    [Fact]
    public async Task The_verdict_filter_keeps_only_those_rows()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        var id = await JobWorld.SubmitAsync(client, Upload);
        await JobWorld.WaitForFinishAsync(client, id);

        var csv = await client.GetStringAsync(new Uri($"/v1/jobs/{id}/results?format=csv&verdict=deliverable,risky", UriKind.Relative));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Alice;", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Dave;", lines[2], StringComparison.Ordinal);

        var json = await client.GetJsonAsync($"/v1/jobs/{id}/results?format=json&verdict=undeliverable");
        Assert.Equal([2, 3, 6, 8], json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()));

        using var bad = await client.GetAsync(new Uri($"/v1/jobs/{id}/results?verdict=great", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Multipart_upload_with_a_column_index_and_smtp_off()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent("alice@ok.test,1\nbob@ok.test,2\nnot an address,3\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "list.csv");

        using var response = await client.PostAsync(new Uri("/v1/jobs?emailColumn=0&smtp=false", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await HttpJson.ReadAsync(response)).Str("id");
        await JobWorld.WaitForFinishAsync(client, id);

        var csv = await client.GetStringAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));
        Assert.Equal(
            "alice@ok.test,1,unknown,smtp_not_checked,250,2.1.5,\n" +
            "bob@ok.test,2,unknown,smtp_not_checked,250,2.1.5,\n" +
            "not an address,3,undeliverable,invalid_syntax,553,5.1.3,\n",
            csv);
        Assert.Empty(world.Smtp.Sessions);
    }

    [Fact]
    public async Task An_upload_far_larger_than_the_default_request_body_limit_is_accepted()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        var csv = "email,name\n" + string.Concat(Enumerable.Range(0, 8_000).Select(i => $"user{i}@missing.test,Person number {i}\n"));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(csv) > 256 * 1024);

        var id = await JobWorld.SubmitAsync(client, csv, "?smtp=false");
        var done = await JobWorld.WaitForFinishAsync(client, id, TimeSpan.FromSeconds(60));

        Assert.Equal(8_000, done.GetProperty("total").GetInt32());
        Assert.Equal(8_000, done.GetProperty("processed").GetInt32());
    }

    [Fact]
    public async Task Server_sent_events_deliver_progress_and_completion()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp(new Dictionary<string, string?> { ["Verifier:Jobs:ChunkSize"] = "1" }).CreateClient();
        // gate.test holds its row until the stream is open, so the stream sees the job running.
        var id = await JobWorld.SubmitAsync(client, "email\nalice@ok.test\nu1@gate.test\ncarol@ok.test\n");

        var events = await JobWorld.ReadEventsAsync(client, id, onData: world.OpenGate);

        Assert.True(events.Count >= 2, string.Join("\n", events));
        Assert.All(events[..^1], e => Assert.Equal("progress", e.Name));
        Assert.Equal("completed", events[^1].Name);
        Assert.Equal(3, events[^1].Data.GetProperty("processed").GetInt32());
        Assert.Equal("completed", events[^1].Data.Str("status"));
        var processed = events.Select(e => e.Data.GetProperty("processed").GetInt32()).ToList();
        Assert.Equal(processed.Order(), processed);
    }

    [Fact]
    public async Task Delete_removes_the_job_and_its_files()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        var id = await JobWorld.SubmitAsync(client, "email\nalice@ok.test\n");
        await JobWorld.WaitForFinishAsync(client, id);
        Assert.True(Directory.Exists(Path.Combine(world.DataDirectory, id)));

        using var deleted = await client.DeleteAsync(new Uri($"/v1/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(world.DataDirectory, id)));

        using var gone = await client.GetAsync(new Uri($"/v1/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var again = await client.DeleteAsync(new Uri($"/v1/jobs/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();

        foreach (var path in new[] { "/v1/jobs/0123456789abcdef0123456789abcdef", "/v1/jobs/nope/results", "/v1/jobs/..%2f..%2fetc/events" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Results_are_409_until_the_job_is_completed()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();
        var id = await JobWorld.SubmitAsync(client, "email\nsomeone@gate.test\n");

        using var response = await client.GetAsync(new Uri($"/v1/jobs/{id}/results", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:verifier:problem:conflict", problem.Str("type"));
    }

    [Fact]
    public async Task Too_many_rows_or_bytes_are_413_and_leave_nothing()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp(new Dictionary<string, string?>
        {
            ["Verifier:Jobs:MaxRows"] = "3",
            ["Verifier:Jobs:MaxUploadBytes"] = "2048",
        }).CreateClient();

        using var rows = await JobWorld.UploadAsync(client, "email\na@ok.test\nb@ok.test\nc@ok.test\nd@ok.test\n");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rows.StatusCode);
        Assert.Contains("MaxRows", await rows.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var big = "email\n" + string.Concat(Enumerable.Repeat("a@ok.test\n", 300));
        using var bytes = await JobWorld.UploadAsync(client, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bytes.StatusCode);
        Assert.Equal("urn:verifier:problem:payload-too-large", JsonDocument.Parse(await bytes.Content.ReadAsStringAsync()).RootElement.Str("type"));

        Assert.Empty(Directory.EnumerateDirectories(world.DataDirectory));
    }

    [Fact]
    public async Task A_file_without_a_usable_column_is_a_400_that_says_why()
    {
        await using var world = await JobWorld.StartAsync();
        using var client = world.CreateApp().CreateClient();

        using var none = await JobWorld.UploadAsync(client, "Name,Phone\nAlice,123\nBob,456\n");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("No column holds email addresses", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var named = await JobWorld.UploadAsync(client, "Name,Email\nAlice,a@ok.test\n", "?emailColumn=Mail");
        Assert.Equal(HttpStatusCode.BadRequest, named.StatusCode);
        Assert.Contains("No column is named 'Mail'", await named.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var json = await JobWorld.UploadAsync(client, "{}", contentType: "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }
}
