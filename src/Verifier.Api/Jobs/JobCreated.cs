using Verifier.Core.Jobs;

namespace Verifier.Api.Jobs;

/// <summary>The answer to an accepted upload.</summary>
/// <param name="Id">The job's id; its progress is at <c>/v1/jobs/{id}</c>.</param>
/// <param name="Status">queued.</param>
public sealed record JobCreated(string Id, JobStatus Status);
