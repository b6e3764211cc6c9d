using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Verification;

/// <summary>
/// Answers one address within its time budget: syntax at once, then a cached verdict, else the
/// pipeline. Identical concurrent requests share one pipeline run, and a run outlives the request
/// whose budget ran out so that the next request is answered from what it found. At shutdown
/// (<see cref="StopBackgroundRunsAsync"/>) the runs still going are stopped and awaited, so their SMTP sessions
/// end with QUIT rather than a dropped connection.
/// </summary>
public sealed partial class EmailVerifier(
    VerificationPipeline pipeline,
    IVerdictCache verdicts,
    IOptions<VerificationOptions> options,
    TimeProvider time,
    ILogger<EmailVerifier> logger) : IEmailVerifier, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<PipelineRun>> inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private int disposed;

    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await AnswerAsync(request, cancellationToken);
        VerifierMetrics.RecordVerification(result);
        return result;
    }

    private async Task<VerificationResult> AnswerAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();

        if (!EmailSyntax.TryParse(request.Email, out var address, out var syntaxError))
        {
            VerifierMetrics.RecordStage(VerifierMetrics.Stages.Syntax, time, started);
            return ResultBuilder.InvalidSyntax(request.Email, syntaxError, time.GetUtcNow()) with { DurationMs = ElapsedMs(started) };
        }

        VerifierMetrics.RecordStage(VerifierMetrics.Stages.Syntax, time, started);
        var key = VerdictKeys.For(address, request.Smtp);
        if (!request.Refresh && await VerdictKeys.FindAsync(verdicts, address, request.Smtp, cancellationToken) is { } cached)
        {
            return cached with { Email = request.Email, Cached = true, DurationMs = ElapsedMs(started) };
        }

        var run = Join(key, address, request.Smtp);
        VerificationResult result;
        try
        {
            result = await run.Completion.WaitAsync(Budget(request), time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogBudgetSpent(logger, address.Domain);
            result = ResultBuilder.BudgetSpent(address, run.DomainStage, time.GetUtcNow());
        }

        return result with { Email = request.Email, Cached = false, DurationMs = ElapsedMs(started) };
    }

    /// <summary>Idempotent: the container disposes the instance once per registration that hands it out.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            stopping.Cancel();
            stopping.Dispose();
        }
    }

    /// <summary>
    /// Stops the runs still going (a stopped probe ends its session with QUIT within Smtp:StopGrace) and waits for
    /// them until <paramref name="cancellationToken"/> says the host will wait no longer.
    /// </summary>
    public async Task StopBackgroundRunsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref disposed) == 1)
        {
            return; // disposed first: every run was cancelled then
        }

        await stopping.CancelAsync();
        var running = inFlight.Values.Where(run => run.IsValueCreated).Select(run => (Task)run.Value.Completion).ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(Timeout.Infinite, cancellationToken));
    }

    private PipelineRun Join(string key, EmailAddress address, bool smtp)
    {
        var lazy = inFlight.GetOrAdd(key, k => new Lazy<PipelineRun>(() => Start(k, address, smtp)));
        return lazy.Value;
    }

    private PipelineRun Start(string key, EmailAddress address, bool smtp)
    {
        var run = new PipelineRun(address, smtp);
        run.Completion = RunAndStoreAsync(key, run);
        return run;
    }

    private async Task<VerificationResult> RunAndStoreAsync(string key, PipelineRun run)
    {
        await Task.Yield();
        try
        {
            var result = await pipeline.RunAsync(run, stopping.Token);
            await verdicts.SetAsync(key, result, CancellationToken.None);
            return result;
        }
        finally
        {
            inFlight.TryRemove(key, out _);
        }
    }

    private TimeSpan Budget(VerificationRequest request)
    {
        var limits = options.Value;
        var budget = request.Timeout ?? limits.DefaultTimeout;
        return budget > limits.MaxTimeout ? limits.MaxTimeout : budget;
    }

    private long ElapsedMs(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Time budget spent before the mailbox check of a {Domain} address finished; it goes on in the background")]
    private static partial void LogBudgetSpent(ILogger logger, string domain);
}
