using Verifier.Core.Verification;

namespace Verifier.Api.Verification;

/// <summary>The results of a batch, in input order, with counts by verdict.</summary>
/// <param name="Count">Number of results (equal to the number of addresses sent).</param>
/// <param name="Counts">Results per verdict.</param>
/// <param name="Results">One result per address sent, in the same order.</param>
public sealed record BatchVerifyResponse(int Count, VerdictCounts Counts, IReadOnlyList<VerificationResult> Results);

/// <summary>How many results have each verdict.</summary>
public sealed record VerdictCounts(int Deliverable, int Undeliverable, int Risky, int Unknown)
{
    public static VerdictCounts Of(IEnumerable<VerificationResult> results)
    {
        int deliverable = 0, undeliverable = 0, risky = 0, unknown = 0;
        foreach (var result in results)
        {
            switch (result.Verdict)
            {
                case Core.Classification.Verdict.Deliverable: deliverable++; break;
                case Core.Classification.Verdict.Undeliverable: undeliverable++; break;
                case Core.Classification.Verdict.Risky: risky++; break;
                default: unknown++; break;
            }
        }

        return new VerdictCounts(deliverable, undeliverable, risky, unknown);
    }
}
