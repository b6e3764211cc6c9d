using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;

namespace Verifier.Core.Verification;

/// <summary>
/// One execution of the pipeline for one address. It outlives the request that started it when
/// the request's time budget runs out, so its stages publish what they found as they go.
/// </summary>
internal sealed class PipelineRun(EmailAddress address, bool smtp)
{
    private readonly TaskCompletionSource<DomainMailInfo> domainStage = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EmailAddress Address { get; } = address;

    public bool Smtp { get; } = smtp;

    /// <summary>The DNS stage's answer, completed as soon as it is known.</summary>
    public Task<DomainMailInfo> DomainStage => domainStage.Task;

    /// <summary>The finished result (syntax → domain → mailbox → classify).</summary>
    public Task<VerificationResult> Completion { get; set; } = Task.FromException<VerificationResult>(new InvalidOperationException("The run has not started."));

    public void PublishDomain(DomainMailInfo info) => domainStage.TrySetResult(info);

    public void AbandonDomain(Exception error) => domainStage.TrySetException(error);
}

/// <summary>What the stages observed, handed to the classifier and the result builder.</summary>
internal sealed record Observations(
    EmailAddress Address,
    DomainMailInfo Domain,
    bool NoRoutableMx,
    MailboxProbeResult? Probe,
    bool? CatchAll,
    bool SmtpRequested);
