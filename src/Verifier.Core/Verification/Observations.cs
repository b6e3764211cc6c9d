using Verifier.Core.Dns;
using Verifier.Core.Smtp;
using Verifier.Core.Syntax;

namespace Verifier.Core.Verification;

/// <summary>
/// What the stages observed about one address: the classifier's input and the result's checks. A stage that did not
/// run (invalid syntax, a DNS failure, SMTP not asked for, a time budget spent) leaves its finding null.
/// </summary>
internal sealed record Observations
{
    /// <summary>The address as typed.</summary>
    public required string Email { get; init; }

    /// <summary>Whether the caller asked for the mailbox stage.</summary>
    public bool SmtpRequested { get; init; }

    /// <summary>The parsed address; null when the syntax is invalid.</summary>
    public EmailAddress? Address { get; init; }

    /// <summary>Why the syntax is invalid, when it is.</summary>
    public SyntaxError SyntaxError { get; init; }

    /// <summary>Disposable, role and free flags and a typo suggestion; null when the syntax is invalid.</summary>
    public Enrichment.Enrichment? Enrichment { get; init; }

    public DomainFinding? Domain { get; init; }

    public MailboxFinding? Mailbox { get; init; }

    /// <summary>Why the mailbox stage has no finding although it was asked for (shown in <c>checks.smtp.error</c>).</summary>
    public string? SmtpNote { get; init; }

    public static Observations InvalidSyntax(string email, SyntaxError error) => new() { Email = email, SyntaxError = error };

    public static Observations Of(EmailAddress address, bool smtp, DomainFinding? domain, MailboxFinding? mailbox, string? smtpNote = null) => new()
    {
        Email = address.Original,
        SmtpRequested = smtp,
        Address = address,
        Enrichment = Verifier.Core.Enrichment.Enricher.Enrich(address.LocalPart, address.Domain),
        Domain = domain,
        Mailbox = mailbox,
        SmtpNote = smtpNote,
    };
}

/// <summary>The domain stage's finding.</summary>
/// <param name="Info">What DNS said about the domain's mail routing.</param>
/// <param name="NoRoutableMx">True when every address of every MX host is private or reserved (the network guard refuses them).</param>
internal sealed record DomainFinding(DomainMailInfo Info, bool NoRoutableMx)
{
    /// <summary>Whether the mailbox stage has somewhere to go.</summary>
    public bool CanProbe => Info.Status == DomainStatus.Resolved && !NoRoutableMx;
}

/// <summary>The mailbox stage's finding.</summary>
/// <param name="Probe">What the recipient's servers said.</param>
/// <param name="CatchAll">Whether the domain accepts any recipient, from this probe or from cached domain facts; null when not known.</param>
internal sealed record MailboxFinding(MailboxProbeResult Probe, bool? CatchAll);
