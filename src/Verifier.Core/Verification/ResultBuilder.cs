using System.Text.Json;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Enrichment;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;

namespace Verifier.Core.Verification;

/// <summary>Turns observations and their classification into the result model of DESIGN.md.</summary>
internal static class ResultBuilder
{
    public static VerificationResult InvalidSyntax(string email, SyntaxError error, DateTimeOffset now)
    {
        var classification = Classifier.Classify(new ClassificationInput(
            SyntaxValid: false, Domain: null, SmtpRequested: false, NoRoutableMx: false,
            Probe: null, Recipient: null, CatchAll: null, Disposable: false));

        return new VerificationResult
        {
            Email = email,
            Normalized = null,
            Verdict = classification.Verdict,
            Reason = classification.Reason,
            LikelySmtp = classification.LikelySmtp,
            Checks = new VerificationChecks(new SyntaxCheck(false, null, null, SnakeCase(error.Code.ToString()), error.Index), null, null),
            Score = DeliverabilityScore.Compute(classification.Verdict, classification.Reason, RiskFlags.None),
            CheckedAt = now,
        };
    }

    public static VerificationResult Build(
        Observations observed, Classification.Classification classification, Enrichment.Enrichment enrichment, DateTimeOffset now) => new()
    {
        Email = observed.Address.Original,
        Normalized = observed.Address.ComparisonKey,
        Verdict = classification.Verdict,
        Reason = classification.Reason,
        LikelySmtp = classification.LikelySmtp,
        Checks = new VerificationChecks(
            SyntaxOf(observed.Address),
            DomainOf(observed.Domain),
            SmtpOf(observed)),
        Flags = enrichment.Flags,
        Score = DeliverabilityScore.Compute(classification.Verdict, classification.Reason, enrichment.Flags),
        Suggestion = enrichment.SuggestionToShow(HasMailServer(observed.Domain)),
        CheckedAt = now,
    };

    /// <summary>Only a definite "no mail here" counts against the domain; a DNS failure is no evidence of a typo.</summary>
    private static bool HasMailServer(DomainMailInfo domain) =>
        domain.Status is not (DomainStatus.NoSuchDomain or DomainStatus.NoMailServer or DomainStatus.NullMx);

    /// <summary>The request's time budget ran out before the mailbox check: answer with what is known.</summary>
    public static VerificationResult BudgetSpent(EmailAddress address, Task<DomainMailInfo> domainStage, DateTimeOffset now)
    {
        var domain = domainStage.IsCompletedSuccessfully ? domainStage.Result : null;
        var enrichment = Enricher.Enrich(address.LocalPart, address.Domain);
        var classification = Classifier.Classify(new ClassificationInput(
            SyntaxValid: true, Domain: domain, SmtpRequested: true, NoRoutableMx: false,
            Probe: null, Recipient: address.Mailbox, CatchAll: null, Disposable: enrichment.Flags.Disposable));

        return new VerificationResult
        {
            Email = address.Original,
            Normalized = address.ComparisonKey,
            Verdict = classification.Verdict,
            Reason = classification.Reason,
            LikelySmtp = classification.LikelySmtp,
            Checks = new VerificationChecks(
                SyntaxOf(address),
                domain is null ? null : DomainOf(domain),
                new SmtpCheck(false, null, null, null, null, null, 0, "time budget spent before the mailbox check finished")),
            Flags = enrichment.Flags,
            Score = DeliverabilityScore.Compute(classification.Verdict, classification.Reason, enrichment.Flags),
            Suggestion = domain is null ? null : enrichment.SuggestionToShow(HasMailServer(domain)),
            CheckedAt = now,
        };
    }

    private static SyntaxCheck SyntaxOf(EmailAddress address) => new(true, address.LocalPart, address.Domain, null);

    private static DomainCheck DomainOf(DomainMailInfo domain) => new(
        SnakeCase(domain.Status.ToString()),
        [.. domain.MailExchangers.Select(mx => new MxRecord(mx.Host, mx.Preference))],
        domain.ImplicitMx,
        domain.NullMx,
        domain.Error);

    private static SmtpCheck? SmtpOf(Observations observed)
    {
        if (observed.Probe is not { } probe)
        {
            return observed.SmtpRequested ? null : new SmtpCheck(false, null, null, null, null, null, 0);
        }

        var reply = probe.Replies.GetValueOrDefault(observed.Address.Mailbox) ?? probe.SessionReply;
        return new SmtpCheck(
            Performed: probe.Outcome != ProbeOutcome.NoRoutableAddress,
            Host: probe.Host,
            Code: reply?.Code,
            EnhancedCode: reply?.EnhancedCode,
            Message: reply?.Text,
            CatchAll: observed.CatchAll,
            DurationMs: (long)probe.Duration.TotalMilliseconds,
            Error: probe.Error);
    }

    internal static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
