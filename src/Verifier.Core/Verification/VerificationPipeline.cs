using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Verification;

/// <summary>
/// The one verification flow, for a single address, a list and a job's chunk alike:
/// syntax → cache → domain → mailbox → classify → result (<see cref="RunAsync"/>). Each stage can end an address's
/// way early: invalid syntax and cached answers skip the rest, a domain without mail hosts skips the mailbox stage.
/// Addresses are verified once however often they are given, and grouped by domain so that each domain costs one DNS
/// lookup, one <see cref="IMailboxProber"/> call and at most one catch-all probe.
/// </summary>
public sealed partial class VerificationPipeline : IEmailVerifier, IBatchVerifier, IDisposable
{
    private const string BudgetSpentNote = "time budget spent before the mailbox check finished";

    private readonly DomainStage _domainStage;
    private readonly MailboxStage _mailboxStage;
    private readonly IVerdictCache _verdicts;
    private readonly IOptions<VerificationOptions> _limits;
    private readonly IOptions<BatchOptions> _batchLimits;
    private readonly TimeProvider _time;
    private readonly ILogger<VerificationPipeline> _logger;
    private readonly SharedRuns _sharedRuns = new();

    public VerificationPipeline(
        IMailDomainResolver resolver,
        IMailboxProber prober,
        IDomainFactsCache domainFacts,
        IVerdictCache verdicts,
        NetworkGuard guard,
        IOptions<VerificationOptions> limits,
        IOptions<BatchOptions> batchLimits,
        TimeProvider time,
        ILogger<VerificationPipeline> logger)
    {
        _domainStage = new DomainStage(resolver, domainFacts, guard, time);
        _mailboxStage = new MailboxStage(prober, domainFacts, time);
        _verdicts = verdicts;
        _limits = limits;
        _batchLimits = batchLimits;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// One address within its time budget (signup forms). When the budget is spent the answer says what is known, and
    /// the checks go on in the background so that the next request is answered from what they find.
    /// </summary>
    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var results = await RunAsync([request.Email], new RunOptions(request.Smtp, request.Refresh, Budget(request)), cancellationToken).ConfigureAwait(false);
        return results[0] with { DurationMs = (long)_time.GetElapsedTime(started).TotalMilliseconds };
    }

    /// <summary>A list (a batch request, a job's chunk): every answer awaited, domains in parallel up to <see cref="BatchOptions.MaxConcurrentDomains"/>.</summary>
    public Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(IReadOnlyList<string> emails, BatchVerificationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(emails, new RunOptions(options.Smtp, options.Refresh, Budget: null, options.Bulk), cancellationToken);
    }

    /// <summary>Stops the runs that outlived their requests and waits for them (see <see cref="BackgroundRunsShutdown"/>).</summary>
    public Task StopBackgroundRunsAsync(CancellationToken cancellationToken) => _sharedRuns.StopAsync(cancellationToken);

    public void Dispose() => _sharedRuns.Dispose();

    /// <summary>The flow. One result per input, in input order; duplicates share their answer.</summary>
    private async Task<IReadOnlyList<VerificationResult>> RunAsync(IReadOnlyList<string> emails, RunOptions options, CancellationToken cancellationToken)
    {
        var results = new VerificationResult[emails.Count];

        // 1. Syntax: an invalid address is answered at once; the valid ones are merged by cache key.
        var addresses = CheckSyntax(emails, options, results);

        // 2. Cache: an address answered before needs no further stage.
        var unanswered = await FindCachedAsync(addresses, options, cancellationToken).ConfigureAwait(false);

        // 3–6. Domain → mailbox → classify → result, once per domain.
        await ForEachDomainAsync(unanswered, options, cancellationToken).ConfigureAwait(false);

        foreach (var address in addresses)
        {
            foreach (var position in address.Positions)
            {
                results[position] = address.Answer! with { Email = emails[position] };
            }
        }

        foreach (var result in results)
        {
            VerifierMetrics.RecordVerification(result);
        }

        return results;
    }

    private List<PendingAddress> CheckSyntax(IReadOnlyList<string> emails, RunOptions options, VerificationResult[] results)
    {
        var byKey = new Dictionary<string, PendingAddress>(StringComparer.Ordinal);
        var addresses = new List<PendingAddress>();
        for (var i = 0; i < emails.Count; i++)
        {
            var email = emails[i] ?? string.Empty;
            var parsing = _time.GetTimestamp();
            var valid = EmailSyntax.TryParse(email, out var address, out var error);
            VerifierMetrics.RecordStage(VerifierMetrics.Stages.Syntax, _time, parsing);
            if (!valid)
            {
                results[i] = Conclude(Observations.InvalidSyntax(email, error), _time.GetUtcNow());
                continue;
            }

            var key = VerdictKeys.For(address!, options.Smtp);
            if (!byKey.TryGetValue(key, out var pending))
            {
                pending = new PendingAddress(key, address!);
                byKey[key] = pending;
                addresses.Add(pending);
            }

            pending.Positions.Add(i);
        }

        return addresses;
    }

    private async Task<List<PendingAddress>> FindCachedAsync(List<PendingAddress> addresses, RunOptions options, CancellationToken cancellationToken)
    {
        if (options.Refresh)
        {
            return addresses;
        }

        var unanswered = new List<PendingAddress>(addresses.Count);
        foreach (var address in addresses)
        {
            var cached = await VerdictKeys.FindAsync(_verdicts, address.Address, options.Smtp, cancellationToken).ConfigureAwait(false);
            if (cached is not null)
            {
                address.Answer = cached with { Cached = true };
            }
            else
            {
                unanswered.Add(address);
            }
        }

        return unanswered;
    }

    private async Task ForEachDomainAsync(List<PendingAddress> unanswered, RunOptions options, CancellationToken cancellationToken)
    {
        if (unanswered.Count == 0)
        {
            return;
        }

        var domains = unanswered.GroupBy(a => a.Address.Domain, StringComparer.Ordinal).Select(g => g.ToList()).ToList();
        if (domains.Count == 1)
        {
            await VerifyDomainAsync(domains[0], options, cancellationToken).ConfigureAwait(false);
            return;
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _batchLimits.Value.MaxConcurrentDomains, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(domains, parallel, (domain, ct) => new ValueTask(VerifyDomainAsync(domain, options, ct))).ConfigureAwait(false);
    }

    /// <summary>
    /// The addresses of one domain. Without a time budget the run belongs to the caller. With one, it is shared with
    /// identical calls and outlives this one: when the budget is spent the answer is made from what is known.
    /// </summary>
    private async Task VerifyDomainAsync(List<PendingAddress> domain, RunOptions options, CancellationToken cancellationToken)
    {
        var addresses = domain.ConvertAll(a => a.Address);
        IReadOnlyList<VerificationResult> answers;
        if (options.Budget is not { } budget)
        {
            answers = await Start(addresses, options, cancellationToken).Completion.ConfigureAwait(false);
        }
        else
        {
            var run = _sharedRuns.Join(string.Join('\n', domain.Select(a => a.Key)), token => Start(addresses, options, token));
            try
            {
                answers = await run.Completion.WaitAsync(budget, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogBudgetSpent(_logger, addresses[0].Domain);
                answers = BudgetSpent(addresses, run.Domain, options.Smtp);
            }
        }

        for (var i = 0; i < domain.Count; i++)
        {
            domain[i].Answer = answers[i];
        }
    }

    private DomainRun Start(List<EmailAddress> addresses, RunOptions options, CancellationToken cancellationToken)
    {
        var domain = RunDomainStageAsync(addresses[0], cancellationToken);
        return new DomainRun(domain, FinishAsync(addresses, domain, options, cancellationToken));
    }

    /// <summary>3. Domain, shared by the addresses of the run.</summary>
    private async Task<DomainFinding> RunDomainStageAsync(EmailAddress address, CancellationToken cancellationToken)
    {
        // The run goes on apart from the call that starts it.
        await Task.Yield();
        return await _domainStage.RunAsync(address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>4–6. Mailbox → classify → result, each answer cached.</summary>
    private async Task<IReadOnlyList<VerificationResult>> FinishAsync(
        List<EmailAddress> addresses, Task<DomainFinding> domainStageRun, RunOptions options, CancellationToken cancellationToken)
    {
        var domain = await domainStageRun.ConfigureAwait(false);
        var mailbox = await _mailboxStage.RunAsync(addresses, domain, options.Smtp, cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var results = new VerificationResult[addresses.Count];
        for (var i = 0; i < addresses.Count; i++)
        {
            results[i] = Conclude(Observations.Of(addresses[i], options.Smtp, domain, mailbox), now);

            // A verdict found is kept even when the caller has gone.
            var key = VerdictKeys.For(addresses[i], options.Smtp);
            if (options.Bulk)
            {
                await _verdicts.SetSharedAsync(key, results[i], CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _verdicts.SetAsync(key, results[i], CancellationToken.None).ConfigureAwait(false);
            }
        }

        return results;
    }

    /// <summary>The time budget ran out before the mailbox stage finished: answer with what the domain stage found, if anything.</summary>
    private VerificationResult[] BudgetSpent(List<EmailAddress> addresses, Task<DomainFinding> domainStageRun, bool smtp)
    {
        var domain = domainStageRun.IsCompletedSuccessfully ? domainStageRun.Result : null;
        var now = _time.GetUtcNow();
        return [.. addresses.Select(address => Conclude(Observations.Of(address, smtp, domain, mailbox: null, BudgetSpentNote), now))];
    }

    /// <summary>5–6. Classify → result: the one place observations become a verdict.</summary>
    private static VerificationResult Conclude(Observations observed, DateTimeOffset now)
    {
        var classification = Classifier.Classify(new ClassificationInput(
            SyntaxValid: observed.Address is not null,
            Domain: observed.Domain?.Info,
            SmtpRequested: observed.SmtpRequested,
            NoRoutableMx: observed.Domain?.NoRoutableMx ?? false,
            Probe: observed.Mailbox?.Probe,
            Recipient: observed.Address?.Mailbox,
            CatchAll: observed.Mailbox?.CatchAll,
            Disposable: observed.Enrichment?.Flags.Disposable ?? false));
        return ResultBuilder.Build(observed, classification, now);
    }

    private TimeSpan Budget(VerificationRequest request)
    {
        var configured = _limits.Value;
        var budget = request.Timeout ?? configured.DefaultTimeout;
        return budget > configured.MaxTimeout ? configured.MaxTimeout : budget;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Time budget spent before the mailbox check of a {Domain} address finished; it goes on in the background")]
    private static partial void LogBudgetSpent(ILogger logger, string domain);

    /// <summary>How one call goes through the flow.</summary>
    /// <param name="Smtp">Run the mailbox stage (false: syntax and DNS only).</param>
    /// <param name="Refresh">Skip the cache lookup.</param>
    /// <param name="Budget">Answer within this time with what is known, the runs going on in the background; null: await every answer.</param>
    /// <param name="Bulk">Cache the verdicts only where other instances find them (Redis), not in process memory.</param>
    private sealed record RunOptions(bool Smtp, bool Refresh, TimeSpan? Budget, bool Bulk = false);

    /// <summary>A distinct valid address of the call, where it stands in the input, and its answer once known.</summary>
    private sealed class PendingAddress(string key, EmailAddress address)
    {
        public string Key { get; } = key;

        public EmailAddress Address { get; } = address;

        public List<int> Positions { get; } = [];

        public VerificationResult? Answer { get; set; }
    }
}
