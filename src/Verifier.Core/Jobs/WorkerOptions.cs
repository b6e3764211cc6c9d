using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Jobs;

/// <summary>The job worker of this instance (config section <c>Verifier:Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Verifier:Worker";

    /// <summary>Whether this instance processes jobs (an instance may only accept uploads and serve results).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Chunks processed at once; per-MX politeness limits still apply inside each.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;
}
