using Verifier.Core.Knowledge;
using Verifier.Core.Smtp;

namespace Verifier.Core.Classification;

/// <summary>
/// The one reader of SMTP replies: a probe's RCPT reply and every reply a bounce quotes. A reply (basic code,
/// RFC 3463 enhanced code, text and, when known, the MX host that gave it) becomes a <see cref="ReplyReading"/>:
/// reason, class and the sender's action. Pure: no I/O, no state.
/// </summary>
/// <remarks>
/// <para>The class comes from the basic code (RFC 5321 §4.2.1), else from the enhanced code. The reason from the first
/// of these that names one (servers disagree on codes far more than on wording, so the order matters more than any
/// single rule):</para>
/// <list type="number">
/// <item><b>Wording that overrides any code</b>: a mail loop; a rate limit (throttling is temporary however it is coded:
/// a 5.x.1 with "rate limited" must not suppress the address); a blocklist, spam or reputation; sender authentication
/// (DMARC, SPF, DKIM, reverse DNS); a complaint about the sender's own address (X.1.7, X.1.8, "Sender address
/// rejected"), which says nothing about the recipient.</item>
/// <item><b>Provider wording</b> (<see cref="ProviderProfiles"/>): markers that one provider uses (Yahoo's [TSS04],
/// Microsoft's S3150, Gmail's ?p=NoSuchUser), and the user-unknown wording of the provider whose MX gave the reply;
/// Microsoft 365's X.4.1 "Recipient address rejected: Access denied" (Directory-Based Edge Blocking) is a missing
/// mailbox; Microsoft's X.7.500–X.7.699 are throttling.</item>
/// <item><b>A specific enhanced code</b>: its subject and detail as the code table reads them
/// (<see cref="EnhancedStatusCodes"/>: X.1.1 not found, X.2.2 full, X.4.7 expired, X.7.26 authentication …). Within
/// the mailbox codes (X.1.0–X.1.6, X.1.10, X.2.1, X.7.13, X.7.17) the wording picks between not found, disabled
/// and full.</item>
/// <item><b>General wording</b>, for generic codes (X.0.0, X.2.0, X.3.0, X.4.0, X.5.X, X.7.0, X.7.1) and replies without
/// an enhanced code: system storage, quota, message size, null MX, expiry, a failing mail system, a
/// disabled account, a missing domain, a missing mailbox, refused content, greylisting, time-outs and refused connections (only
/// when temporary or without a code), other policy, then weaker "address rejected" wording.</item>
/// <item><b>The basic code alone</b>, never decisive: 421 unavailable; 450/451 greylisted; other 4xx unavailable;
/// 550/551/553 mailbox not found (the seed's reading; the verification path reads a bare 550 conservatively as
/// blocked); 552 full; 554 spam (the seed's "transaction failed"); 500–504 and 555 protocol trouble; 521 and 556 null
/// MX; a generic X.7.0/X.7.1 policy; nothing at all: undetermined.</item>
/// </list>
/// </remarks>
public static class ReplyInterpreter
{
    /// <summary>
    /// Reads one reply: its basic code (0 when the report gives none), enhanced code, text and, optionally, the MX
    /// host that gave it (which selects the provider's wording).
    /// </summary>
    public static ReplyReading Read(int code, string? enhancedCode, string text, string? mxHost = null) =>
        Read(new SmtpReply(code, enhancedCode, text ?? ""), ProviderProfiles.Match(mxHost));

    /// <summary>Reads one reply with the provider's wording when the provider is known.</summary>
    public static ReplyReading Read(SmtpReply reply, ProviderProfile? provider)
    {
        ArgumentNullException.ThrowIfNull(reply);

        var text = Normalize(reply.Text);
        var status = EnhancedStatus.Find(reply);
        var replyClass = reply.Code != 0 ? ReplyClasses.Of(reply.Code) : status is { } s ? ReplyClasses.OfEnhanced(s.Class) : ReplyClass.Unknown;

        if (replyClass == ReplyClass.Success)
        {
            return Reading(ReplyReason.Accepted, replyClass, true);
        }

        if (replyClass is ReplyClass.Intermediate or ReplyClass.Unknown && reply.Code != 0)
        {
            return Reading(ReplyReason.SmtpUnavailable, ReplyClass.Unknown, false);
        }

        var transient = replyClass == ReplyClass.Temporary;
        var (reason, decisive) = Overriding(status, text)
            ?? ProviderWording(status, text, provider, transient)
            ?? SpecificCode(status, text, transient)
            ?? GeneralWording(reply.Code, text, transient)
            ?? BasicCode(reply.Code, status, text);

        if (replyClass == ReplyClass.Unknown)
        {
            replyClass = reason is ReplyReason.Greylisted or ReplyReason.SmtpUnavailable or ReplyReason.Timeout
                or ReplyReason.DnsError or ReplyReason.RateLimited or ReplyReason.Expired
                ? ReplyClass.Temporary
                : ReplyClass.Permanent;
        }

        return Reading(reason, replyClass, decisive);
    }

    /// <summary>Interprets a reply to the probe in the verification vocabulary, without provider knowledge.</summary>
    public static ReplyMeaning Interpret(SmtpReply reply) => Interpret(reply, provider: null);

    /// <summary>Interprets a reply to the probe in the verification vocabulary (DESIGN.md's reasons).</summary>
    public static ReplyMeaning Interpret(SmtpReply reply, ProviderProfile? provider)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Code is < 200 or >= 600 or (>= 300 and < 400))
        {
            return new ReplyMeaning(Reason.SmtpUnavailable, false);
        }

        var reading = Read(reply, provider);
        var reason = ReplyReasons.ToVerification(reading, reply.Code);

        // A temporary code says nothing final about the mailbox: "450 4.1.1 unverified address" is a retry, not a verdict.
        var decisive = reply.Code == 421
            || (reading.Decisive && !(reason == Reason.Greylisted && reading.Reason is ReplyReason.MailboxNotFound
                or ReplyReason.MailboxDisabled or ReplyReason.NoSuchDomain));
        return new ReplyMeaning(reason, decisive);
    }

    private static ReplyReading Reading(ReplyReason reason, ReplyClass replyClass, bool decisive) =>
        new(reason, replyClass, ReplyReasons.ActionOf(reason, replyClass), decisive);

    /// <summary>Step 1: wording that overrides any code.</summary>
    private static (ReplyReason, bool)? Overriding(EnhancedStatus? status, string text)
    {
        if (ReplyWording.ContainsAny(text, ReplyWording.GenericNotFound))
        {
            return (ReplyReason.MailboxNotFound, true);
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Loop) || status is { Subject: 4, Detail: 6 })
        {
            return (ReplyReason.MailLoop, true);
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.RateLimit))
        {
            // "Too many recipients" names the transaction, not the mailbox: a reason, but no verdict.
            return (ReplyReason.RateLimited, !ReplyWording.Contains(text, "too many recipients"));
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Spam) || ReplyWording.ContainsAnyWord(text, ReplyWording.SpamWords))
        {
            return (ReplyReason.SpamBlock, true);
        }

        if (status is { Subject: 7, Detail: >= 20 and <= 26 }
            || ReplyWording.ContainsAny(text, ReplyWording.Authentication)
            || ReplyWording.ContainsAnyWord(text, ReplyWording.AuthenticationWords))
        {
            return (status is { Class: 4, Subject: 7, Detail: 24 } ? ReplyReason.DnsError : ReplyReason.AuthFailure, true);
        }

        if (status is { Subject: 1, Detail: 7 or 8 } || ReplyWording.ContainsAny(text, ReplyWording.Sender))
        {
            return (ReplyReason.Policy, true);
        }

        return null;
    }

    /// <summary>Step 2: provider markers, the provider's own user-unknown wording, Microsoft's codes.</summary>
    private static (ReplyReason, bool)? ProviderWording(EnhancedStatus? status, string text, ProviderProfile? provider, bool transient)
    {
        if (ProviderProfiles.ReadMarker(text) is { } marked)
        {
            return (marked, true);
        }

        if (provider is not null && ReplyWording.ContainsAny(text, provider.UserUnknownPhrases))
        {
            return (ReplyReason.MailboxNotFound, true);
        }

        // Microsoft 365 Directory-Based Edge Blocking: "550 5.4.1 Recipient address rejected: Access denied".
        if (status is { Subject: 4, Detail: 1 }
            && (ReplyWording.Contains(text, "recipient address rejected") || ReplyWording.Contains(text, "access denied")))
        {
            return (ReplyReason.MailboxNotFound, true);
        }

        // Exchange Online's 4.7.500–4.7.699: the sending IP is throttled ("Server busy. Please try again later").
        if (transient && status is { Subject: 7, Detail: >= 500 and <= 699 })
        {
            return (ReplyReason.RateLimited, true);
        }

        return null;
    }

    /// <summary>Step 3: a specific enhanced code, as the code table reads it.</summary>
    private static (ReplyReason, bool)? SpecificCode(EnhancedStatus? status, string text, bool transient)
    {
        if (status is not { } code || EnhancedStatusCodes.Find(code.Subject, code.Detail) is not { Generic: false } template)
        {
            return null;
        }

        var reason = (transient ? template.TransientReads ?? template.Reads : template.Reads) ?? (ReplyReason?)null;
        if (reason is null)
        {
            return null;
        }

        if (IsMailboxCode(code))
        {
            reason = MailboxWording(text) ?? reason;
        }

        return (reason.Value, code.Subject != 5);
    }

    /// <summary>The addressing and mailbox codes whose wording tells a missing, disabled and full mailbox apart.</summary>
    private static bool IsMailboxCode(EnhancedStatus code) =>
        code is { Subject: 1, Detail: <= 6 or 10 } or { Subject: 2, Detail: 1 } or { Subject: 7, Detail: 13 or 17 or 18 };

    private static ReplyReason? MailboxWording(string text)
    {
        if (ReplyWording.ContainsAny(text, ReplyWording.Quota) && !ReplyWording.ContainsAny(text, ReplyWording.SystemStorage))
        {
            return ReplyReason.MailboxFull;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Disabled))
        {
            return ReplyReason.MailboxDisabled;
        }

        return ReplyWording.ContainsAny(text, ReplyWording.NotFound) ? ReplyReason.MailboxNotFound : null;
    }

    /// <summary>Step 4: wording, for generic codes and replies without an enhanced code.</summary>
    private static (ReplyReason, bool)? GeneralWording(int code, string text, bool transient)
    {
        ReplyReason? reason = text.Length == 0 ? null : GeneralReason(code, text, transient);
        return reason is null ? null : (reason.Value, true);
    }

    private static ReplyReason? GeneralReason(int code, string text, bool transient)
    {
        if (ReplyWording.ContainsAny(text, ReplyWording.SystemStorage))
        {
            return ReplyReason.SmtpUnavailable;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Quota))
        {
            return ReplyReason.MailboxFull;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.TooLarge))
        {
            return ReplyReason.MessageTooLarge;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.NullMx))
        {
            return ReplyReason.NullMx;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Expired))
        {
            return ReplyReason.Expired;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.SystemError))
        {
            return ReplyReason.SystemError;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Disabled))
        {
            return ReplyReason.MailboxDisabled;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.NoMailServer))
        {
            return ReplyReason.NoMailServer;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.NoSuchDomain))
        {
            return transient || ReplyWording.ContainsAny(text, ReplyWording.TemporaryDns) ? ReplyReason.DnsError : ReplyReason.NoSuchDomain;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.NotFound))
        {
            return ReplyReason.MailboxNotFound;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Content))
        {
            return ReplyReason.ContentRejected;
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Greylist))
        {
            return ReplyReason.Greylisted;
        }

        // A refused connection or a time-out is the sending MTA's finding, or a temporary reply; a 5xx that mentions
        // a connection is a refusal ("550 Your host is not allowed to connect").
        if (transient || code == 0)
        {
            if (ReplyWording.ContainsAny(text, ReplyWording.Timeout))
            {
                return ReplyReason.Timeout;
            }

            if (ReplyWording.ContainsAny(text, ReplyWording.Connection))
            {
                return ReplyReason.SmtpUnavailable;
            }

            if (ReplyWording.ContainsAny(text, ReplyWording.DnsFailure))
            {
                return ReplyReason.DnsError;
            }
        }

        if (ReplyWording.ContainsAny(text, ReplyWording.Policy) || ReplyWording.ContainsAnyWord(text, ReplyWording.PolicyWords))
        {
            return ReplyReason.Policy;
        }

        return ReplyWording.ContainsAny(text, ReplyWording.WeakNotFound) ? ReplyReason.MailboxNotFound : null;
    }

    /// <summary>Step 5: the basic code alone (and a generic X.7.0/X.7.1), never decisive but for a named deferral.</summary>
    private static (ReplyReason, bool) BasicCode(int code, EnhancedStatus? status, string text)
    {
        if (status is { Subject: 7, Detail: 0 or 1 })
        {
            return status.Value.Class == 4 ? (ReplyReason.Greylisted, true) : (ReplyReason.Policy, true);
        }

        return code switch
        {
            421 => (ReplyReason.SmtpUnavailable, true),
            450 or 451 => (ReplyReason.Greylisted,
                status is { Subject: 2, Detail: 0 } || ReplyWording.ContainsAny(text, ReplyWording.Deferral)),
            >= 400 and < 500 => (ReplyReason.SmtpUnavailable, false),
            550 or 551 or 553 => (ReplyReason.MailboxNotFound, false),
            552 => (ReplyReason.MailboxFull, false),
            554 => (ReplyReason.SpamBlock, false),
            >= 500 and <= 504 or 555 => (ReplyReason.SmtpUnavailable, false),
            521 or 556 => (ReplyReason.NullMx, true),
            >= 500 and < 600 => (ReplyReason.Policy, false),
            _ => (ReplyReason.Undetermined, false),
        };
    }

    private static string Normalize(string text) => text.Replace('\u2019', '\'');
}
