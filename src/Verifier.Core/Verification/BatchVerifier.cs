using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Syntax;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Verification;

/// <summary>
/// Lists: syntax for each address, duplicates merged, cached verdicts reused, the rest grouped by
/// domain so that each domain costs one DNS lookup, as few SMTP sessions as its server allows and
/// one catch-all probe. Domains proceed in parallel up to <see cref="BatchOptions.MaxConcurrentDomains"/>.
/// </summary>
public sealed class BatchVerifier(
    VerificationPipeline pipeline,
    IVerdictCache verdicts,
    IOptions<BatchOptions> limits,
    TimeProvider time) : IBatchVerifier
{
    public async Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(
        IReadOnlyList<string> emails,
        BatchVerificationOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(options);

        var results = new VerificationResult?[emails.Count];
        var distinct = new Dictionary<string, (EmailAddress Address, List<int> Positions)>(StringComparer.Ordinal);

        for (var i = 0; i < emails.Count; i++)
        {
            var email = emails[i] ?? string.Empty;
            var parsing = time.GetTimestamp();
            if (!EmailSyntax.TryParse(email, out var address, out var error))
            {
                VerifierMetrics.RecordStage(VerifierMetrics.Stages.Syntax, time, parsing);
                results[i] = ResultBuilder.InvalidSyntax(email, error, time.GetUtcNow());
                continue;
            }

            VerifierMetrics.RecordStage(VerifierMetrics.Stages.Syntax, time, parsing);
            var key = VerdictKeys.For(address, options.Smtp);
            if (!distinct.TryGetValue(key, out var entry))
            {
                entry = (address, []);
                distinct[key] = entry;
            }

            entry.Positions.Add(i);
        }

        var answers = new Dictionary<string, VerificationResult>(StringComparer.Ordinal);
        var pending = new List<(string Key, EmailAddress Address)>();
        foreach (var (key, entry) in distinct)
        {
            var cached = options.Refresh ? null : await VerdictKeys.FindAsync(verdicts, entry.Address, options.Smtp, cancellationToken);
            if (cached is not null)
            {
                answers[key] = cached with { Cached = true };
            }
            else
            {
                pending.Add((key, entry.Address));
            }
        }

        var byDomain = pending.GroupBy(p => p.Address.Domain, StringComparer.Ordinal).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = limits.Value.MaxConcurrentDomains, CancellationToken = cancellationToken };
        var fresh = new (string Key, VerificationResult Result)[pending.Count];
        var offsets = new int[byDomain.Count];
        for (var d = 1; d < byDomain.Count; d++)
        {
            offsets[d] = offsets[d - 1] + byDomain[d - 1].Count();
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, byDomain.Count), parallel, async (d, ct) =>
        {
            var group = byDomain[d].ToList();
            var verified = await pipeline.RunForDomainAsync([.. group.Select(g => g.Address)], options.Smtp, ct);
            for (var j = 0; j < group.Count; j++)
            {
                fresh[offsets[d] + j] = (group[j].Key, verified[j]);
                await (options.Bulk
                    ? verdicts.SetSharedAsync(group[j].Key, verified[j], ct)
                    : verdicts.SetAsync(group[j].Key, verified[j], ct));
            }
        });

        foreach (var (key, result) in fresh)
        {
            answers[key] = result;
        }

        foreach (var (key, entry) in distinct)
        {
            foreach (var position in entry.Positions)
            {
                results[position] = answers[key] with { Email = emails[position] };
            }
        }

        foreach (var result in results)
        {
            VerifierMetrics.RecordVerification(result!);
        }

        return results!;
    }
}
