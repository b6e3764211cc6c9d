using Verifier.Core.Classification;
using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Classification;

public sealed class ReplyInterpreterTests
{
    /// <summary>Real-world RCPT replies (addresses and IPs replaced by documentation values).</summary>
    [Theory]
    // Gmail / Google Workspace
    [InlineData("550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser d75a77b69052e-4a9a2b3c1d2si123456qtb.12 - gsmtp", Reason.MailboxNotFound, true)]
    [InlineData("550-5.2.1 The email account that you tried to reach is disabled. Learn more at\n550 5.2.1  https://support.google.com/mail/?p=DisabledUser a1si123456qkb.12 - gsmtp", Reason.MailboxDisabled, true)]
    [InlineData("452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452-4.2.2 the recipient to\n452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp a1si123456qkb.12 - gsmtp", Reason.MailboxFull, true)]
    [InlineData("552-5.2.2 The email account that you tried to reach is over quota and inactive.\n552 5.2.2  https://support.google.com/mail/?p=OverQuotaPerm a1si123456qkb.12 - gsmtp", Reason.MailboxFull, true)]
    [InlineData("450-4.2.1 The user you are trying to contact is receiving mail at a rate that\n450-4.2.1 prevents additional messages from being delivered. Please resend your\n450 4.2.1 message at a later time. a1si123456qkb.12 - gsmtp", Reason.Greylisted, true)]
    [InlineData("421-4.7.0 [203.0.113.5      15] Our system has detected an unusual rate of\n421-4.7.0 unsolicited mail originating from your IP address. To protect our\n421-4.7.0 users from spam, mail sent from your IP address has been temporarily\n421 4.7.0 rate limited. a1si123456qkb.12 - gsmtp", Reason.SmtpUnavailable, true)]
    [InlineData("550-5.7.1 [203.0.113.5      12] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550-5.7.1 this message has been blocked. For more information, go to\n550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError a1si - gsmtp", Reason.Blocked, true)]
    [InlineData("550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's\n550-5.7.26 DMARC policy. Please contact the administrator of example.com domain\n550 5.7.26 if this was a legitimate mail. a1si - gsmtp", Reason.Blocked, true)]
    [InlineData("550-5.7.26 This mail has been blocked because the sender is unauthenticated.\n550 5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. a1si - gsmtp", Reason.Blocked, true)]
    [InlineData("550-5.7.25 [203.0.113.5] The IP address sending this message does not have a\n550-5.7.25 PTR record setup, or the corresponding forward DNS entry does not\n550 5.7.25 point to the sending IP. a1si - gsmtp", Reason.Blocked, true)]
    [InlineData("553-5.1.2 We weren't able to find the recipient domain. Please check for any\n553-5.1.2 spelling errors, and make sure you didn't enter any spaces, periods,\n553 5.1.2 or other punctuation after the recipient's email address. a1si - gsmtp", Reason.NoSuchDomain, true)]
    [InlineData("250 2.1.5 OK a1si123456qkb.12 - gsmtp", Reason.Accepted, true)]
    // Microsoft 365 / Exchange Online / Outlook.com
    [InlineData("550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [AM0PR01MB1234.eurprd01.prod.exchangelabs.com]", Reason.MailboxNotFound, true)]
    [InlineData("550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5EUR01FT012.eop-EUR01.prod.protection.outlook.com]", Reason.MailboxNotFound, true)]
    [InlineData("550 5.7.1 Service unavailable, Client host [203.0.113.5] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/203.0.113.5 AS(1450) [HE1EUR01FT010.eop-EUR01.prod.protection.outlook.com]", Reason.Blocked, true)]
    [InlineData("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", Reason.MailboxNotFound, true)]
    [InlineData("550 5.7.606 Access denied, banned sending IP [203.0.113.5]. To request removal from this list please visit https://sender.office.com/ and follow the directions.", Reason.Blocked, true)]
    [InlineData("550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).", Reason.Blocked, true)]
    [InlineData("451 4.7.500 Server busy. Please try again later from [203.0.113.5]. (S77719) [AM0EUR01FT012.eop-EUR01.prod.protection.outlook.com]", Reason.Greylisted, true)]
    [InlineData("554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded", Reason.MailboxFull, true)]
    [InlineData("550 5.7.23 The message was rejected because of Sender Policy Framework violation", Reason.Blocked, true)]
    [InlineData("421 4.3.2 Service not available, closing transmission channel", Reason.SmtpUnavailable, true)]
    // Yahoo / AOL
    [InlineData("554 delivery error: dd This user doesn't have a yahoo.com account (bob@yahoo.com) [0] - mta1234.mail.gq1.yahoo.com", Reason.MailboxNotFound, true)]
    [InlineData("554 delivery error: dd Sorry your message to bob@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta1234.mail.bf1.yahoo.com", Reason.MailboxDisabled, true)]
    [InlineData("421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", Reason.SmtpUnavailable, true)]
    [InlineData("553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.5, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", Reason.Blocked, true)]
    [InlineData("554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes", Reason.Blocked, true)]
    [InlineData("552 1 Requested mail action aborted, mailbox not found", Reason.MailboxNotFound, true)]
    // Postfix
    [InlineData("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table", Reason.MailboxNotFound, true)]
    [InlineData("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table", Reason.MailboxNotFound, true)]
    [InlineData("450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", Reason.Greylisted, true)]
    [InlineData("554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.5", Reason.Blocked, true)]
    [InlineData("554 5.7.1 <bob@example.com>: Relay access denied", Reason.Blocked, true)]
    [InlineData("550 5.7.1 <bob@example.com>: Recipient address rejected: Access denied", Reason.Blocked, true)]
    [InlineData("450 4.7.1 Client host rejected: cannot find your hostname, [203.0.113.5]", Reason.Blocked, true)]
    [InlineData("450 4.1.8 <verify@probe.example>: Sender address rejected: Domain not found", Reason.Blocked, true)]
    [InlineData("553 5.7.1 <verify@probe.example>: Sender address rejected: not owned by user verify@probe.example", Reason.Blocked, true)]
    [InlineData("450 4.1.1 <bob@example.com>: Recipient address rejected: unverified address: host mx.example.com[192.0.2.1] said: 450 4.3.2 Service currently unavailable", Reason.Greylisted, false)]
    [InlineData("452 4.3.1 Insufficient system storage", Reason.SmtpUnavailable, true)]
    [InlineData("452 4.5.3 Error: too many recipients", Reason.SmtpUnavailable, false)]
    [InlineData("550 5.1.1 <bob@example.com>: Recipient address rejected: undeliverable address: host mail.example.com[private/dovecot-lmtp] said: 550 5.1.1 <bob@example.com> User doesn't exist: bob@example.com (in reply to RCPT TO command)", Reason.MailboxNotFound, true)]
    [InlineData("552 5.2.2 <bob@example.com> Quota exceeded (mailbox for user is full)", Reason.MailboxFull, true)]
    [InlineData("250 2.1.5 Ok", Reason.Accepted, true)]
    // Exim (cPanel and others)
    [InlineData("550 Unrouteable address", Reason.MailboxNotFound, true)]
    [InlineData("550 No Such User Here", Reason.MailboxNotFound, true)]
    [InlineData("451 Temporary local problem - please try later", Reason.Greylisted, true)]
    [InlineData("550 Verification failed for <verify@probe.example>", Reason.Blocked, true)]
    [InlineData("550-Verification failed for <verify@probe.example>\n550-Unrouteable address\n550 Sender verify failed", Reason.Blocked, true)]
    [InlineData("550 Administrative prohibition", Reason.Blocked, true)]
    [InlineData("550 rejected because 203.0.113.5 is in a black list at zen.spamhaus.org", Reason.Blocked, true)]
    [InlineData("550 Mailbox quota exceeded", Reason.MailboxFull, true)]
    [InlineData("451-The server has reached its limit for processing requests from your host.\n451 Please try again later.", Reason.Greylisted, true)]
    // Sendmail
    [InlineData("550 5.1.1 <bob@example.com>... User unknown", Reason.MailboxNotFound, true)]
    [InlineData("451 4.7.1 Greylisting in action, please come back later", Reason.Greylisted, true)]
    [InlineData("553 5.1.8 <verify@probe.example>... Domain of sender address verify@probe.example does not exist", Reason.Blocked, true)]
    [InlineData("550 5.7.1 <bob@example.com>... Relaying denied. Proper authentication required.", Reason.Blocked, true)]
    [InlineData("554 5.0.0 Service unavailable", Reason.Blocked, false)]
    // iCloud
    [InlineData("550 5.1.1 <bob@icloud.com>: user does not exist", Reason.MailboxNotFound, true)]
    [InlineData("554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137", Reason.Blocked, true)]
    // Zoho
    [InlineData("550 5.1.1 User does not exist - bob@example.com", Reason.MailboxNotFound, true)]
    [InlineData("552 5.2.2 Mailbox size limit exceeded", Reason.MailboxFull, true)]
    // Gateways: Mimecast, Proofpoint, Barracuda
    [InlineData("550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [x9IH0dYMNdSG3xZHLjqTQA.us123]", Reason.MailboxNotFound, true)]
    [InlineData("550 Rejected by header based Anti-Spoofing policy: bob@example.com - https://community.mimecast.com/docs/DOC-1369#550", Reason.Blocked, true)]
    [InlineData("451 Internal resource temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451", Reason.Greylisted, true)]
    [InlineData("550 5.1.1 User Unknown", Reason.MailboxNotFound, true)]
    [InlineData("554 Blocked - see https://ipcheck.proofpoint.com/?ip=203.0.113.5", Reason.Blocked, true)]
    [InlineData("554 Service unavailable; Client host [203.0.113.5] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=203.0.113.5", Reason.Blocked, true)]
    [InlineData("550 No such user (bob@example.com)", Reason.MailboxNotFound, true)]
    // qmail, Domino, GMX, Mail.ru, Comcast and RFC 5321 wordings
    [InlineData("550 sorry, no mailbox here by that name. (#5.1.1)", Reason.MailboxNotFound, true)]
    [InlineData("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", Reason.Blocked, true)]
    [InlineData("550 5.0.0 bob@example.com... User not listed in public Name & Address Book", Reason.MailboxNotFound, true)]
    [InlineData("554-gmx.net (mxgmx114) Nemesis ESMTP Service not available\n554-No SMTP service\n554-IP address is block listed.\n554 For explanation visit https://postmaster.gmx.net/en/case?c=r0101&i=ip&v=203.0.113.5", Reason.Blocked, true)]
    [InlineData("550 Message was not accepted -- invalid mailbox.  Local mailbox bob@mail.ru is unavailable: user not found", Reason.MailboxNotFound, true)]
    [InlineData("550 5.1.1 Not our Customer", Reason.MailboxNotFound, true)]
    [InlineData("550 #5.1.0 Address rejected.", Reason.MailboxNotFound, true)]
    [InlineData("551 User not local; please try <bob@other.example>", Reason.MailboxNotFound, true)]
    [InlineData("550 5.2.1 Mailbox disabled, not accepting messages", Reason.MailboxDisabled, true)]
    [InlineData("550 5.1.1 This account has been disabled or discontinued", Reason.MailboxDisabled, true)]
    [InlineData("550 Requested action not taken: mailbox unavailable", Reason.MailboxNotFound, true)]
    [InlineData("550 Mailbox is full / Blocks limit exceeded / Inode limit exceeded", Reason.MailboxFull, true)]
    [InlineData("550 5.7.1 Message rejected as spam by Content Filtering.", Reason.Blocked, true)]
    [InlineData("251 2.1.5 User not local; will forward to <bob@other.example>", Reason.Accepted, true)]
    [InlineData("503 5.5.1 Error: need MAIL command", Reason.SmtpUnavailable, false)]
    // Only the basic code: conservative readings
    [InlineData("550 Service unavailable", Reason.Blocked, false)]
    [InlineData("550 Error", Reason.Blocked, false)]
    [InlineData("552 Requested mail action aborted", Reason.MailboxFull, false)]
    [InlineData("451 Error", Reason.Greylisted, false)]
    public void Interprets_real_world_replies(string transcript, Reason expected, bool decisive)
    {
        var meaning = ReplyInterpreter.Interpret(ReplyLines.Parse(transcript));

        Assert.Equal(new ReplyMeaning(expected, decisive), meaning);
    }

    [Fact]
    public void Table_has_at_least_45_real_world_replies()
    {
        var rows = typeof(ReplyInterpreterTests).GetMethod(nameof(Interprets_real_world_replies))!
            .GetCustomAttributes(typeof(InlineDataAttribute), inherit: false).Length;

        Assert.True(rows >= 45, $"only {rows} rows");
    }

    [Fact]
    public void Microsoft_access_denied_wording_is_a_missing_mailbox_only_for_microsoft()
    {
        // Postfix uses the same words for a recipient-access policy; Microsoft 365 for Directory-Based Edge Blocking.
        var reply = new SmtpReply(550, null, "Recipient address rejected: Access denied");

        Assert.Equal(Reason.Blocked, ReplyInterpreter.Interpret(reply).Reason);
        Assert.Equal(Reason.MailboxNotFound, ReplyInterpreter.Interpret(reply, ProviderProfiles.Microsoft365).Reason);
    }

    [Fact]
    public void Blocklist_wording_wins_over_a_mailbox_enhanced_code()
    {
        var reply = new SmtpReply(550, "5.1.1", "Client host [203.0.113.5] blocked using zen.spamhaus.org");

        Assert.Equal(Reason.Blocked, ReplyInterpreter.Interpret(reply).Reason);
    }

    [Fact]
    public void Enhanced_code_written_in_the_text_is_used_when_the_reply_carries_none()
    {
        Assert.Equal(Reason.MailboxDisabled, ReplyInterpreter.Interpret(new SmtpReply(550, null, "5.2.1 Sorry")).Reason);
        Assert.Equal(Reason.MailboxFull, ReplyInterpreter.Interpret(new SmtpReply(550, null, "Sorry (#5.2.2)")).Reason);
    }

    [Fact]
    public void Typographic_apostrophe_is_read_like_a_plain_one()
    {
        var reply = new SmtpReply(554, null, "delivery error: dd This user doesn\u2019t have a yahoo.com account");

        Assert.Equal(Reason.MailboxNotFound, ReplyInterpreter.Interpret(reply).Reason);
    }

    [Theory]
    [InlineData(199)]
    [InlineData(354)]
    [InlineData(600)]
    public void Codes_outside_2xx_4xx_5xx_are_not_about_the_mailbox(int code)
    {
        Assert.Equal(new ReplyMeaning(Reason.SmtpUnavailable, false), ReplyInterpreter.Interpret(new SmtpReply(code, null, "x")));
    }
}
