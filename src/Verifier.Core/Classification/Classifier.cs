using Verifier.Core.Dns;
using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>
/// Turns the pipeline's observations into a <see cref="Verdict"/>, a <see cref="Reason"/> and the
/// <see cref="LikelySmtp"/> reply a real send would most likely get. Pure: no I/O, no clock.
/// </summary>
/// <remarks>
/// The rules, first match wins:
/// <list type="number">
/// <item>Invalid syntax: undeliverable/invalid_syntax.</item>
/// <item>DNS: NXDOMAIN, no mail server and null MX are undeliverable; SERVFAIL and DNS time-out are unknown/dns_error.</item>
/// <item>Every MX refused by the network guard (or the probe found no routable address): undeliverable/unroutable_mx.</item>
/// <item>No SMTP asked for, no probe, or no reply for this recipient: unknown/smtp_not_checked, with the reply
/// predicted from DNS.</item>
/// <item>A probe that never reached RCPT: connection failures and protocol errors are smtp_unavailable, time-outs
/// timeout, and a session refused before RCPT is read from that reply (421 smtp_unavailable, 450/451 greylisted,
/// any other refusal blocked: nothing said before RCPT is about the mailbox).</item>
/// <item>The RCPT reply, read by <see cref="ReplyInterpreter"/> with the provider's profile. A 250 is catch_all when
/// the domain is a catch-all, when the provider accepts everyone at RCPT (Yahoo/AOL), or when the provider's
/// acceptance is unproven (gateways, Microsoft 365) and the catch-all answer is unknown; otherwise accepted.</item>
/// <item>A disposable domain makes the result risky/disposable unless it is already undeliverable.</item>
/// </list>
/// The reply is <see cref="LikelySmtp.Observed"/> when a server returned it, else the catalog's prediction.
/// </remarks>
public static class Classifier
{
    /// <summary>Classifies one address.</summary>
    public static Classification Classify(ClassificationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        var (result, observed) = ClassifyMailbox(input);

        if (input.Disposable && result.Verdict != Verdict.Undeliverable)
        {
            var likely = observed is null
                ? LikelySmtpCatalog.Predict(Reason.Disposable)
                : LikelySmtpCatalog.FromObserved(Reason.Disposable, observed);
            return new Classification(Verdict.Risky, Reason.Disposable, likely);
        }

        return result;
    }

    /// <summary>The verdict a reason belongs to (DESIGN.md, reason table).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="Reason"/>.</exception>
    public static Verdict VerdictOf(Reason reason) => reason switch
    {
        Reason.Accepted => Verdict.Deliverable,
        Reason.InvalidSyntax or Reason.NoSuchDomain or Reason.NoMailServer or Reason.NullMx or Reason.UnroutableMx
            or Reason.MailboxNotFound or Reason.MailboxDisabled => Verdict.Undeliverable,
        Reason.MailboxFull or Reason.CatchAll or Reason.Disposable => Verdict.Risky,
        Reason.Greylisted or Reason.SmtpUnavailable or Reason.Blocked or Reason.Timeout or Reason.DnsError
            or Reason.SmtpNotChecked => Verdict.Unknown,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason."),
    };

    /// <summary>The classification before the disposable rule, and the server reply it rests on, if any.</summary>
    private static (Classification Result, SmtpReply? Observed) ClassifyMailbox(ClassificationInput input)
    {
        if (!input.SyntaxValid)
        {
            return Predicted(Reason.InvalidSyntax);
        }

        switch (input.Domain?.Status)
        {
            case DomainStatus.NoSuchDomain:
                return Predicted(Reason.NoSuchDomain);
            case DomainStatus.NoMailServer:
                return Predicted(Reason.NoMailServer);
            case DomainStatus.NullMx:
                return Predicted(Reason.NullMx);
            case DomainStatus.ServerFailure or DomainStatus.Timeout:
                return Predicted(Reason.DnsError);
            case DomainStatus.Resolved when input.Domain.MailExchangers.Count == 0:
                return Predicted(Reason.NoMailServer);
            default:
                break;
        }

        if (input.NoRoutableMx)
        {
            return Predicted(Reason.UnroutableMx);
        }

        if (!input.SmtpRequested || input.Probe is null)
        {
            return Predicted(Reason.SmtpNotChecked);
        }

        var probe = input.Probe;
        switch (probe.Outcome)
        {
            case ProbeOutcome.NoRoutableAddress:
                return Predicted(Reason.UnroutableMx);
            case ProbeOutcome.ConnectFailed:
            case ProbeOutcome.ProtocolError:
                // A peer that breaks the protocol is as unusable as one that refuses the connection; a time-out
                // during the conversation is reported by the prober as Timeout, not ProtocolError.
                return Predicted(Reason.SmtpUnavailable);
            case ProbeOutcome.Timeout:
                return Predicted(Reason.Timeout);
            case ProbeOutcome.SessionRejected:
                return probe.SessionReply is { } sessionReply
                    ? Observed(SessionReason(sessionReply), sessionReply)
                    : Predicted(Reason.SmtpUnavailable);
            case ProbeOutcome.Completed:
                break;
            default:
                return Predicted(Reason.SmtpUnavailable);
        }

        if (input.Recipient is null || !probe.Replies.TryGetValue(input.Recipient, out var reply))
        {
            return Predicted(Reason.SmtpNotChecked);
        }

        var provider = ProviderProfiles.Match(probe.Host ?? FirstMxHost(input.Domain));
        var meaning = ReplyInterpreter.Interpret(reply, provider);
        if (meaning.Reason != Reason.Accepted)
        {
            return Observed(meaning.Reason, reply);
        }

        var catchAll = input.CatchAll ?? CatchAllFrom(probe.CatchAllReply, provider);
        var unproven = catchAll is null && provider is { CatchAllDetectionReliable: false };
        return catchAll == true || provider is { AcceptsAllAtRcpt: true } || unproven
            ? Observed(Reason.CatchAll, reply)
            : Observed(Reason.Accepted, reply);
    }

    /// <summary>A refusal before RCPT (banner, EHLO, MAIL FROM) never speaks about the mailbox.</summary>
    private static Reason SessionReason(SmtpReply reply)
    {
        if (reply.Code == 421)
        {
            return Reason.SmtpUnavailable;
        }

        var reason = ReplyInterpreter.Interpret(reply).Reason;
        if (reason is Reason.Blocked or Reason.Greylisted or Reason.SmtpUnavailable)
        {
            return reason;
        }

        return reply.IsPermanent ? Reason.Blocked : Reason.SmtpUnavailable;
    }

    /// <summary>
    /// Whether the random-recipient RCPT shows a catch-all: accepted → true; rejected as a missing or disabled
    /// mailbox → false; anything else (deferred, blocked) → unknown.
    /// </summary>
    private static bool? CatchAllFrom(SmtpReply? catchAllReply, ProviderProfile? provider)
    {
        if (catchAllReply is null)
        {
            return null;
        }

        return ReplyInterpreter.Interpret(catchAllReply, provider).Reason switch
        {
            Reason.Accepted => true,
            Reason.MailboxNotFound or Reason.MailboxDisabled => false,
            _ => null,
        };
    }

    private static string? FirstMxHost(DomainMailInfo? domain) =>
        domain is { MailExchangers.Count: > 0 } ? domain.MailExchangers[0].Host : null;

    private static (Classification, SmtpReply?) Predicted(Reason reason) =>
        (new Classification(VerdictOf(reason), reason, LikelySmtpCatalog.Predict(reason)), null);

    private static (Classification, SmtpReply?) Observed(Reason reason, SmtpReply reply) =>
        (new Classification(VerdictOf(reason), reason, LikelySmtpCatalog.FromObserved(reason, reply)), reply);
}
