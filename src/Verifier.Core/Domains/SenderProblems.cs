namespace Verifier.Core.Domains;

/// <summary>Helpers for lists of <see cref="SenderProblem"/>.</summary>
public static class SenderProblems
{
    /// <summary>Most severe first; equal severities keep the order they were found in. Exact duplicates are dropped.</summary>
    public static IReadOnlyList<SenderProblem> Order(IEnumerable<SenderProblem> problems) =>
        problems.Distinct().OrderByDescending(p => p.Severity).ToList();
}
