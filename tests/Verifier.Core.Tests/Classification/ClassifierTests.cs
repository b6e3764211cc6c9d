using System.Net;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Classification;

public sealed class ClassifierTests
{
    private const string Bob = "bob@example.com";

    private sealed record Case(ClassificationInput Input, Verdict Verdict, Reason Reason, int Code, bool Observed);

    private static DomainMailInfo Domain(DomainStatus status, string mx = "mx1.example.com") => new(
        "example.com",
        status,
        status == DomainStatus.Resolved ? [new MailExchanger(mx, 10, [IPAddress.Parse("192.0.2.10")])] : [],
        ImplicitMx: false,
        TimeSpan.FromMinutes(5));

    private static MailboxProbeResult Probe(
        ProbeOutcome outcome,
        SmtpReply? rcpt = null,
        string host = "mx1.example.com",
        SmtpReply? catchAllReply = null,
        SmtpReply? sessionReply = null) => new(
        outcome,
        host,
        rcpt is null ? new Dictionary<string, SmtpReply>() : new Dictionary<string, SmtpReply> { [Bob] = rcpt },
        catchAllReply,
        sessionReply,
        Error: null,
        TimeSpan.FromMilliseconds(40));

    private static ClassificationInput Checked(MailboxProbeResult probe, bool? catchAll = null, bool disposable = false, string mx = "mx1.example.com") =>
        new(true, Domain(DomainStatus.Resolved, mx), SmtpRequested: true, Probe: probe, Recipient: Bob, CatchAll: catchAll, Disposable: disposable);

    private static ClassificationInput Rcpt(SmtpReply reply, bool? catchAll = false, string host = "mx1.example.com", SmtpReply? catchAllReply = null, bool disposable = false) =>
        Checked(Probe(ProbeOutcome.Completed, reply, host, catchAllReply), catchAll, disposable, host);

    private static readonly SmtpReply Ok = new(250, "2.1.5", "OK");
    private static readonly SmtpReply UserUnknown = new(550, "5.1.1", "User unknown");

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["invalid syntax"] = new(new(false, null), Verdict.Undeliverable, Reason.InvalidSyntax, 553, false),
        ["invalid syntax stays undeliverable on a disposable domain"] = new(new(false, null, Disposable: true), Verdict.Undeliverable, Reason.InvalidSyntax, 553, false),
        ["nxdomain"] = new(new(true, Domain(DomainStatus.NoSuchDomain), SmtpRequested: true), Verdict.Undeliverable, Reason.NoSuchDomain, 550, false),
        ["no mail server"] = new(new(true, Domain(DomainStatus.NoMailServer)), Verdict.Undeliverable, Reason.NoMailServer, 550, false),
        ["null mx"] = new(new(true, Domain(DomainStatus.NullMx)), Verdict.Undeliverable, Reason.NullMx, 556, false),
        ["servfail"] = new(new(true, Domain(DomainStatus.ServerFailure)), Verdict.Unknown, Reason.DnsError, 451, false),
        ["dns time-out"] = new(new(true, Domain(DomainStatus.Timeout)), Verdict.Unknown, Reason.DnsError, 451, false),
        ["dns error on a disposable domain"] = new(new(true, Domain(DomainStatus.Timeout), Disposable: true), Verdict.Risky, Reason.Disposable, 250, false),
        ["nxdomain on a disposable domain"] = new(new(true, Domain(DomainStatus.NoSuchDomain), Disposable: true), Verdict.Undeliverable, Reason.NoSuchDomain, 550, false),
        ["every mx refused by the network guard"] = new(new(true, Domain(DomainStatus.Resolved), SmtpRequested: true, NoRoutableMx: true), Verdict.Undeliverable, Reason.UnroutableMx, 550, false),
        ["probe found no routable address"] = new(Checked(Probe(ProbeOutcome.NoRoutableAddress)), Verdict.Undeliverable, Reason.UnroutableMx, 550, false),
        ["smtp not requested"] = new(new(true, Domain(DomainStatus.Resolved)), Verdict.Unknown, Reason.SmtpNotChecked, 250, false),
        ["smtp requested, no probe"] = new(new(true, Domain(DomainStatus.Resolved), SmtpRequested: true), Verdict.Unknown, Reason.SmtpNotChecked, 250, false),
        ["probe did not reach the recipient"] = new(Checked(Probe(ProbeOutcome.Completed)), Verdict.Unknown, Reason.SmtpNotChecked, 250, false),
        ["smtp not requested on a disposable domain"] = new(new(true, Domain(DomainStatus.Resolved), Disposable: true), Verdict.Risky, Reason.Disposable, 250, false),
        ["connection refused"] = new(Checked(Probe(ProbeOutcome.ConnectFailed)), Verdict.Unknown, Reason.SmtpUnavailable, 421, false),
        ["protocol error"] = new(Checked(Probe(ProbeOutcome.ProtocolError)), Verdict.Unknown, Reason.SmtpUnavailable, 421, false),
        ["probe time-out"] = new(Checked(Probe(ProbeOutcome.Timeout)), Verdict.Unknown, Reason.Timeout, 421, false),
        ["banner 421"] = new(Checked(Probe(ProbeOutcome.SessionRejected, sessionReply: new(421, "4.7.0", "Too many connections, slow down"))), Verdict.Unknown, Reason.SmtpUnavailable, 421, true),
        ["banner 554 spamhaus"] = new(Checked(Probe(ProbeOutcome.SessionRejected, sessionReply: new(554, "5.7.1", "Client host blocked using zen.spamhaus.org"))), Verdict.Unknown, Reason.Blocked, 554, true),
        ["mail from 550 5.1.1 is about the sender"] = new(Checked(Probe(ProbeOutcome.SessionRejected, sessionReply: UserUnknown)), Verdict.Unknown, Reason.Blocked, 550, true),
        ["ehlo 451"] = new(Checked(Probe(ProbeOutcome.SessionRejected, sessionReply: new(451, null, "Temporary local problem - please try later"))), Verdict.Unknown, Reason.Greylisted, 451, true),
        ["session rejected without a reply"] = new(Checked(Probe(ProbeOutcome.SessionRejected)), Verdict.Unknown, Reason.SmtpUnavailable, 421, false),
        ["rcpt 550 5.1.1"] = new(Rcpt(UserUnknown), Verdict.Undeliverable, Reason.MailboxNotFound, 550, true),
        ["rcpt 550 5.2.1"] = new(Rcpt(new(550, "5.2.1", "The email account that you tried to reach is disabled.")), Verdict.Undeliverable, Reason.MailboxDisabled, 550, true),
        ["rcpt 452 4.2.2"] = new(Rcpt(new(452, "4.2.2", "The email account that you tried to reach is over quota.")), Verdict.Risky, Reason.MailboxFull, 452, true),
        ["rcpt 450 greylisted"] = new(Rcpt(new(450, "4.2.0", "Recipient address rejected: Greylisted")), Verdict.Unknown, Reason.Greylisted, 450, true),
        ["rcpt 421"] = new(Rcpt(new(421, "4.7.0", "Try again later, closing connection.")), Verdict.Unknown, Reason.SmtpUnavailable, 421, true),
        ["rcpt 550 blocklist"] = new(Rcpt(new(550, "5.7.1", "Service unavailable, Client host [203.0.113.5] blocked using Spamhaus.")), Verdict.Unknown, Reason.Blocked, 550, true),
        ["rcpt 250, not a catch-all"] = new(Rcpt(Ok, catchAll: false), Verdict.Deliverable, Reason.Accepted, 250, true),
        ["rcpt 250, catch-all unknown, unknown provider"] = new(Rcpt(Ok, catchAll: null), Verdict.Deliverable, Reason.Accepted, 250, true),
        ["rcpt 250, catch-all"] = new(Rcpt(Ok, catchAll: true), Verdict.Risky, Reason.CatchAll, 250, true),
        ["rcpt 250, catch-all from the random-recipient reply"] = new(Rcpt(Ok, catchAll: null, catchAllReply: Ok), Verdict.Risky, Reason.CatchAll, 250, true),
        ["rcpt 250 at yahoo, even with the random recipient rejected"] = new(Rcpt(Ok, catchAll: false, host: "mta5.am0.yahoodns.net"), Verdict.Risky, Reason.CatchAll, 250, true),
        ["rcpt 250 at microsoft 365, catch-all unknown"] = new(Rcpt(Ok, catchAll: null, host: "contoso-com.mail.protection.outlook.com"), Verdict.Risky, Reason.CatchAll, 250, true),
        ["rcpt 250 at microsoft 365, random recipient edge-blocked"] = new(Rcpt(Ok, catchAll: null, host: "contoso-com.mail.protection.outlook.com", catchAllReply: new(550, "5.4.1", "Recipient address rejected: Access denied. AS(201806281)")), Verdict.Deliverable, Reason.Accepted, 250, true),
        ["rcpt 250 at a gateway, random recipient greylisted"] = new(Rcpt(Ok, catchAll: null, host: "us-smtp-inbound-1.mimecast.com", catchAllReply: new(451, "4.7.1", "try again later")), Verdict.Risky, Reason.CatchAll, 250, true),
        ["rcpt 250 at google, catch-all unknown"] = new(Rcpt(Ok, catchAll: null, host: "gmail-smtp-in.l.google.com"), Verdict.Deliverable, Reason.Accepted, 250, true),
        ["rcpt 550 5.4.1 at microsoft 365"] = new(Rcpt(new(550, "5.4.1", "Recipient address rejected: Access denied. AS(201806281)"), host: "contoso-com.mail.protection.outlook.com"), Verdict.Undeliverable, Reason.MailboxNotFound, 550, true),
        ["rcpt access denied without enhanced code at microsoft 365"] = new(Rcpt(new(550, null, "Recipient address rejected: Access denied"), host: "contoso-com.mail.protection.outlook.com"), Verdict.Undeliverable, Reason.MailboxNotFound, 550, true),
        ["rcpt access denied without enhanced code elsewhere"] = new(Rcpt(new(550, null, "Recipient address rejected: Access denied")), Verdict.Unknown, Reason.Blocked, 550, true),
        ["rcpt 250 on a disposable domain"] = new(Rcpt(Ok, disposable: true), Verdict.Risky, Reason.Disposable, 250, true),
        ["rcpt 550 on a disposable domain"] = new(Rcpt(UserUnknown, disposable: true), Verdict.Undeliverable, Reason.MailboxNotFound, 550, true),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Classifies(string name)
    {
        var c = Cases[name];

        var result = Classifier.Classify(c.Input);

        Assert.Equal((c.Verdict, c.Reason, c.Code, c.Observed), (result.Verdict, result.Reason, result.LikelySmtp.Code, result.LikelySmtp.Observed));
        Assert.Equal(Classifier.VerdictOf(result.Reason), result.Verdict);
    }

    [Fact]
    public void Table_covers_every_reason()
    {
        Assert.Equal(Enum.GetValues<Reason>().ToHashSet(), Cases.Values.Select(c => c.Reason).ToHashSet());
    }

    [Fact]
    public void Observed_reply_keeps_the_servers_enhanced_code()
    {
        var result = Classifier.Classify(Rcpt(new(452, "4.2.2", "over quota")));

        Assert.Equal(("4.2.2", "temporary", "retry_later"), (result.LikelySmtp.EnhancedCode, result.LikelySmtp.Class, result.LikelySmtp.Action));
    }

    [Fact]
    public void Disposable_keeps_the_observed_code_but_defers_to_policy()
    {
        var result = Classifier.Classify(Rcpt(new(450, "4.2.0", "Greylisted"), disposable: true));

        Assert.Equal((Reason.Disposable, 450, true, "decide_by_policy"),
            (result.Reason, result.LikelySmtp.Code, result.LikelySmtp.Observed, result.LikelySmtp.Action));
    }

    [Fact]
    public void Not_checked_prediction_says_the_mailbox_was_not_checked()
    {
        var result = Classifier.Classify(new ClassificationInput(true, Domain(DomainStatus.Resolved)));

        Assert.Equal("2.1.5", result.LikelySmtp.EnhancedCode);
        Assert.Contains("not checked", result.LikelySmtp.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Reason.Accepted, Verdict.Deliverable)]
    [InlineData(Reason.MailboxNotFound, Verdict.Undeliverable)]
    [InlineData(Reason.MailboxFull, Verdict.Risky)]
    [InlineData(Reason.CatchAll, Verdict.Risky)]
    [InlineData(Reason.Blocked, Verdict.Unknown)]
    [InlineData(Reason.SmtpNotChecked, Verdict.Unknown)]
    public void Verdict_of_reason_follows_the_design_table(Reason reason, Verdict verdict)
    {
        Assert.Equal(verdict, Classifier.VerdictOf(reason));
    }

    [Fact]
    public void Verdict_of_every_reason_is_defined()
    {
        Assert.All(Enum.GetValues<Reason>(), r => Assert.True(Enum.IsDefined(Classifier.VerdictOf(r))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Classifier.VerdictOf((Reason)999));
    }
}
