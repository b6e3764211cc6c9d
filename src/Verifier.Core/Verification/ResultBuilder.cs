using System.Text.Json;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Syntax;

namespace Verifier.Core.Verification;

/// <summary>Turns one address's observations and their classification into the result model of DESIGN.md.</summary>
internal static class ResultBuilder
{
    public static VerificationResult Build(Observations observed, Classification.Classification classification, DateTimeOffset now)
    {
        if (observed is not { Address: { } address, Enrichment: { } enrichment })
        {
            var error = observed.SyntaxError;
            return new VerificationResult
            {
                Email = observed.Email,
                Normalized = null,
                Verdict = classification.Verdict,
                Reason = classification.Reason,
                LikelySmtp = classification.LikelySmtp,
                Checks = new VerificationChecks(new SyntaxCheck(false, null, null, SnakeCase(error.Code.ToString()), error.Index), null, null),
                Score = DeliverabilityScore.Compute(classification.Verdict, classification.Reason, RiskFlags.None),
                CheckedAt = now,
            };
        }

        var domain = observed.Domain?.Info;
        return new VerificationResult
        {
            Email = observed.Email,
            Normalized = address.ComparisonKey,
            Verdict = classification.Verdict,
            Reason = classification.Reason,
            LikelySmtp = classification.LikelySmtp,
            Checks = new VerificationChecks(
                SyntaxOf(address),
                domain is null ? null : DomainOf(domain),
                SmtpOf(observed, address)),
            Flags = enrichment.Flags,
            Score = DeliverabilityScore.Compute(classification.Verdict, classification.Reason, enrichment.Flags),
            Suggestion = domain is null ? null : enrichment.SuggestionToShow(HasMailServer(domain)),
            CheckedAt = now,
        };
    }

    /// <summary>Only a definite "no mail here" counts against the domain; a DNS failure is no evidence of a typo.</summary>
    private static bool HasMailServer(DomainMailInfo domain) =>
        domain.Status is not (DomainStatus.NoSuchDomain or DomainStatus.NoMailServer or DomainStatus.NullMx);

    private static SyntaxCheck SyntaxOf(EmailAddress address) => new(true, address.LocalPart, address.Domain, null);

    private static DomainCheck DomainOf(DomainMailInfo domain) => new(
        SnakeCase(domain.Status.ToString()),
        [.. domain.MailExchangers.Select(mx => new MxRecord(mx.Host, mx.Preference))],
        domain.ImplicitMx,
        domain.NullMx,
        domain.Error);

    /// <summary>Null when SMTP was asked for but the domain gave nothing to probe; not performed when it was not asked for.</summary>
    private static SmtpCheck? SmtpOf(Observations observed, EmailAddress address)
    {
        if (observed.SmtpNote is { } note)
        {
            return new SmtpCheck(false, null, null, null, null, null, 0, note);
        }

        if (observed.Mailbox is not { Probe: var probe, CatchAll: var catchAll })
        {
            return observed.SmtpRequested ? null : new SmtpCheck(false, null, null, null, null, null, 0);
        }

        var reply = probe.Replies.GetValueOrDefault(address.Mailbox) ?? probe.SessionReply;
        return new SmtpCheck(
            Performed: probe.Outcome != Smtp.ProbeOutcome.NoRoutableAddress,
            Host: probe.Host,
            Code: reply?.Code,
            EnhancedCode: reply?.EnhancedCode,
            Message: reply?.Text,
            CatchAll: catchAll,
            DurationMs: (long)probe.Duration.TotalMilliseconds,
            Error: probe.Error);
    }

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
