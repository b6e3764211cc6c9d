using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Callbacks;
using Verifier.Core.Jobs.Csv;
using Verifier.Core.Jobs.InProcess;
using Verifier.Core.Verification;

namespace Verifier.Core.Tests.Jobs;

public sealed class ChunkProcessorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "verifier-chunks-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Rows_without_an_address_are_answered_without_a_check_and_deferred_rows_are_retried_with_refresh()
    {
        var options = Options.Create(new JobsOptions { DataDirectory = _directory, MaxRetries = 1 });
        options.Value.RetryDelays.Add(TimeSpan.FromMinutes(2));
        using var store = new FileJobStore(options, _time, NullLogger<FileJobStore>.Instance);
        using var queue = new ChannelJobQueue(_time);
        var verifier = new ScriptedVerifier { ["grey@x.test"] = Reason.Greylisted };
        using var callbacks = new JobCallbackSender(store, options, NullLogger<JobCallbackSender>.Instance);
        var processor = new ChunkProcessor(store, queue, verifier, callbacks, options, _time, NullLogger<ChunkProcessor>.Instance);
        var state = await new JobIngest(store, options, _time).IngestAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("name,email\nA,a@x.test\nB,\nC\nD,grey@x.test\nE,  e@x.test  \n")),
            new JobSubmission(EmailColumnChoice.Auto),
            default);

        await processor.ProcessAsync(new ChunkWork(state.Id, 0), default);

        Assert.Equal(["a@x.test", "grey@x.test", "e@x.test"], verifier.Calls.Single().Emails);
        Assert.False(verifier.Calls.Single().Options.Refresh);
        var waiting = (await store.GetAsync(state.Id, default))!;
        Assert.Equal(4, waiting.Processed);
        Assert.Equal(1, waiting.RetriesPending);
        Assert.Equal(2, waiting.Unknown);

        // Not yet due: delivered early, nothing is asked.
        await processor.ProcessAsync(new ChunkWork(state.Id, 0), default);
        Assert.Single(verifier.Calls);

        _time.Advance(TimeSpan.FromMinutes(2));
        verifier["grey@x.test"] = Reason.Accepted;
        await processor.ProcessAsync(new ChunkWork(state.Id, 0), default);

        Assert.Equal(["grey@x.test"], verifier.Calls[1].Emails);
        Assert.True(verifier.Calls[1].Options.Refresh);
        var done = (await store.GetAsync(state.Id, default))!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(5, done.Processed);
        Assert.Equal(3, done.Deliverable);
        Assert.Equal(0, done.RetriesPending);
        var results = (await store.ReadChunkResultsAsync(state.Id, 0, default))!;
        Assert.Equal(RowResult.MissingAddress, results[1]);
        Assert.Equal(RowResult.MissingAddress, results[2]);
        Assert.Equal(Reason.Accepted, results[3].Reason);
    }

    /// <summary>Answers each address with the reason scripted for it (accepted by default), and records its calls.</summary>
    private sealed class ScriptedVerifier : Dictionary<string, Reason>, IBatchVerifier
    {
        public List<(IReadOnlyList<string> Emails, BatchVerificationOptions Options)> Calls { get; } = [];

        public Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(IReadOnlyList<string> emails, BatchVerificationOptions options, CancellationToken cancellationToken)
        {
            Calls.Add(([.. emails], options));
            IReadOnlyList<VerificationResult> results = [.. emails.Select(email =>
            {
                var reason = TryGetValue(email, out var scripted) ? scripted : Reason.Accepted;
                var (verdict, code, enhanced) = reason == Reason.Greylisted ? (Verdict.Unknown, 450, "4.2.0") : (Verdict.Deliverable, 250, "2.1.5");
                return new VerificationResult
                {
                    Email = email,
                    Verdict = verdict,
                    Reason = reason,
                    LikelySmtp = new LikelySmtp(code, enhanced, "success", "Ok", true, "send", false, string.Empty),
                    Checks = new VerificationChecks(new SyntaxCheck(true, null, null, null), null, null),
                    CheckedAt = DateTimeOffset.UnixEpoch,
                };
            })];
            return Task.FromResult(results);
        }
    }
}
