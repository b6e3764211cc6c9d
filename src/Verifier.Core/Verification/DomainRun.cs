namespace Verifier.Core.Verification;

/// <summary>
/// The stages after the cache for the addresses of one domain, in progress: the domain stage's finding, complete as
/// soon as DNS has answered, and the results. A caller whose time budget runs out answers from <see cref="Domain"/>.
/// </summary>
internal sealed record DomainRun(Task<DomainFinding> Domain, Task<IReadOnlyList<VerificationResult>> Completion);
