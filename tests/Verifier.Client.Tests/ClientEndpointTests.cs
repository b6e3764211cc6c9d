using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Verifier.Client.Tests.Infrastructure;

namespace Verifier.Client.Tests;

/// <summary>Every operation of the API through the typed client, against the real application in process.</summary>
[Collection(AgainstTheApi.Name)]
public sealed class ClientEndpointTests(ClientWorld world)
{
    [Fact]
    public async Task Verify_by_body_and_by_query_return_typed_results()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();

        var alice = await client.VerifyAsync("Alice@OK.test");
        var bob = await client.VerifyWithQueryAsync(new VerifyRequest("bob@ok.test", TimeoutMs: 5000));
        var typo = await client.VerifyAsync(new VerifyRequest("carol@gmial.com", Smtp: false));

        Assert.Equal(Verdict.Deliverable, alice.Verdict);
        Assert.Equal(Reason.Accepted, alice.Reason);
        Assert.Equal("alice@ok.test", alice.Normalized);
        Assert.Equal(250, alice.LikelySmtp.Code);
        Assert.True(alice.Checks.Smtp!.Performed);
        Assert.Equal("mx.ok.test", Assert.Single(alice.Checks.Domain!.Mx).Host);
        Assert.Null(alice.Token); // secret keys get no token
        Assert.Equal(Verdict.Undeliverable, bob.Verdict);
        Assert.Equal(Reason.MailboxNotFound, bob.Reason);
        Assert.Equal("5.1.1", bob.LikelySmtp.EnhancedCode);
        Assert.Equal(Verdict.Undeliverable, typo.Verdict);
        Assert.Equal("carol@gmail.com", typo.Suggestion);
    }

    [Fact]
    public async Task A_batch_comes_back_in_input_order_with_counts()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();

        var batch = await client.VerifyBatchAsync(new BatchVerifyRequest(["bob@ok.test", "alice@ok.test", "not an address", "bob@ok.test"]));

        Assert.Equal(4, batch.Count);
        Assert.Equal(["bob@ok.test", "alice@ok.test", "not an address", "bob@ok.test"], batch.Results.Select(r => r.Email));
        Assert.Equal(new VerdictCounts(1, 3, 0, 0), batch.Counts);
        Assert.Equal(Reason.InvalidSyntax, batch.Results[2].Reason);
    }

    [Fact]
    public async Task A_csv_job_is_uploaded_followed_downloaded_and_deleted()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();
        var csv = new StringBuilder("Name;Email\n");
        for (var i = 0; i < 12; i++)
        {
            csv.Append("Person ").Append(i).Append(';').Append(i % 3 == 0 ? "alice@ok.test" : $"gone{i}@ok.test").Append('\n');
        }

        using var body = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var created = await client.CreateJobAsync(body, new JobUploadOptions(EmailColumn: "Email"));
        var seen = new List<JobProgress>();
        var done = await client.WaitForJobAsync(created.Id, new SynchronousProgress<JobProgress>(seen.Add));
        var polled = await client.GetJobAsync(created.Id);
        var results = await client.GetJobResultsAsync(created.Id);
        var deliverableOnly = await client.GetJobResultsAsync(created.Id, [Verdict.Deliverable]);
        using var download = new MemoryStream();
        await client.DownloadJobResultsAsync(created.Id, download);
        await client.DeleteJobAsync(created.Id);
        var gone = await Assert.ThrowsAsync<VerifierProblemException>(() => client.GetJobAsync(created.Id));

        Assert.Equal(JobStatus.Queued, created.Status);
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(12, done.Processed);
        Assert.Equal(new JobVerdictCounts(4, 8, 0, 0), done.Counts);
        Assert.Equal(8, done.LikelyBounces["550"]);
        Assert.Equal(done, seen[^1]);
        Assert.Equal(done.Counts, polled.Counts);
        Assert.Equal(12, results.Rows.Count);
        Assert.Equal(["Name", "Email"], results.Columns);
        Assert.Equal(1, results.EmailColumn);
        Assert.Equal(Reason.MailboxNotFound, results.Rows[1].Reason);
        Assert.Equal(550, results.Rows[1].SmtpCode);
        Assert.All(deliverableOnly.Rows, r => Assert.Equal(Verdict.Deliverable, r.Verdict));
        Assert.Equal(4, deliverableOnly.Rows.Count);
        var lines = Encoding.UTF8.GetString(download.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Name;Email;verdict;reason;smtp_code;smtp_enhanced_code;suggestion", lines[0]);
        Assert.StartsWith("Person 0;alice@ok.test;deliverable;accepted;250", lines[1], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("urn:verifier:problem:not-found", gone.Type);
    }

    [Fact]
    public async Task A_csv_file_is_uploaded_as_a_form_and_its_events_end_with_the_final_state()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();
        var path = Path.Combine(Path.GetTempPath(), "client-upload-" + Guid.NewGuid().ToString("N") + ".csv");
        await File.WriteAllTextAsync(path, "email\nalice@ok.test\nbob@ok.test\n");
        try
        {
            var created = await client.UploadJobFileAsync(path, new JobUploadOptions(Smtp: false));
            var events = new List<JobProgress>();
            await foreach (var progress in client.WatchJobAsync(created.Id))
            {
                events.Add(progress);
            }

            Assert.NotEmpty(events);
            Assert.Equal(JobStatus.Completed, events[^1].Status);
            Assert.Equal(2, events[^1].Processed);
            Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Processed <= pair.Second.Processed));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Smtp_codes_bounces_and_domains_are_typed()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();

        var list = await client.ListSmtpCodesAsync();
        var basic = await client.ListSmtpCodesAsync("basic");
        var code = await client.ExplainSmtpCodeAsync("550");
        var enhanced = await client.ExplainSmtpCodeAsync("5.1.1");
        var bounce = await client.ClassifyBounceAsync("550 5.1.1 <bob@ok.test>: Recipient address rejected: User unknown");
        var domain = await client.GetDomainAsync("ok.test");

        Assert.Equal(list.Count, list.Codes.Count);
        Assert.All(basic.Codes, c => Assert.Equal("basic", c.Kind));
        Assert.Equal(SmtpCodeMatch.Exact, code.Match);
        Assert.Equal("550", code.Explanation.Code);
        Assert.Equal("5.1.1", enhanced.Explanation.Code);
        Assert.Equal(550, bounce.Code);
        Assert.Equal("5.1.1", bounce.EnhancedCode);
        Assert.Equal(ReplyClass.Permanent, bounce.Class);
        Assert.Equal(ReplyReason.MailboxNotFound, bounce.Reason);
        Assert.Equal(SenderAction.Suppress, bounce.Action);
        Assert.Equal(DomainStatus.Resolved, domain.DnsStatus);
        Assert.Equal("mx.ok.test", Assert.Single(domain.Mx).Host);
        Assert.True(domain.Spf.Found);
        Assert.False(domain.Dkim.Checked);
    }

    [Fact]
    public async Task A_token_from_a_publishable_answer_is_confirmed_and_a_refusal_is_a_problem_with_its_type()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();
        var token = await world.TokenForAsync("alice@ok.test");

        var confirmed = await client.ConfirmTokenAsync(token, "Alice@ok.test");
        var refused = await Assert.ThrowsAsync<VerifierProblemException>(() => client.ConfirmTokenAsync(token, "mallory@ok.test"));

        Assert.Equal(Verdict.Deliverable, confirmed.Verdict);
        Assert.Equal(Reason.Accepted, confirmed.Reason);
        Assert.Equal("alice@ok.test", confirmed.Normalized);
        Assert.StartsWith("publishable-", confirmed.Key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(TokenProblems.AddressMismatch, refused.Type);
        Assert.Equal("Token for another address", refused.Title);
        Assert.False(refused.IsTransient);
    }

    [Fact]
    public async Task Problem_details_are_surfaced_with_type_status_title_detail_and_errors()
    {
        using var services = world.Services();
        var client = services.GetRequiredService<IVerifierClient>();
        using var wrongKey = world.Services(apiKey: "sk_not_a_configured_key_00");

        var invalid = await Assert.ThrowsAsync<VerifierProblemException>(() => client.VerifyBatchAsync(new BatchVerifyRequest([])));
        var unauthorized = await Assert.ThrowsAsync<VerifierProblemException>(() => wrongKey.GetRequiredService<IVerifierClient>().VerifyAsync("alice@ok.test"));
        var media = await Assert.ThrowsAsync<VerifierProblemException>(() => client.ClassifyBounceAsync("550 no", "application/pdf"));
        var notFinished = await Assert.ThrowsAsync<VerifierProblemException>(() => client.GetJobResultsAsync("0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal("urn:verifier:problem:validation", invalid.Type);
        Assert.Equal("Invalid request", invalid.Title);
        Assert.NotNull(invalid.Detail);
        Assert.True(invalid.Errors.ContainsKey("emails"), string.Join(",", invalid.Errors.Keys));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal("urn:verifier:problem:unauthorized", unauthorized.Type);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, media.Status);
        Assert.Equal("urn:verifier:problem:unsupported-media-type", media.Type);
        Assert.Equal(HttpStatusCode.NotFound, notFinished.Status);
        Assert.StartsWith("400 Invalid request", invalid.Message, StringComparison.Ordinal);
    }

    /// <summary>Reports on the caller's thread, at once, so the test sees every report before the wait returns.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
