using System.Text.Json;
using Verifier.Core.Bounces;

namespace Verifier.Core.Tests.Bounces;

/// <summary>Single replies and MTA log lines, as operators paste them.</summary>
public sealed class BounceLineTests
{
    [Theory]
    // Single reply lines.
    [InlineData("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table", 550, "5.1.1", "permanent", "mailbox_not_found", "suppress")]
    [InlineData("550 5.1.1 The email account that you tried to reach does not exist.", 550, "5.1.1", "permanent", "mailbox_not_found", "suppress")]
    [InlineData("550 Requested action not taken: mailbox unavailable", 550, null, "permanent", "mailbox_not_found", "suppress")]
    [InlineData("550 5.2.1 The email account that you tried to reach is disabled.", 550, "5.2.1", "permanent", "mailbox_disabled", "suppress")]
    [InlineData("552 5.2.2 The email account that you tried to reach is over quota.", 552, "5.2.2", "permanent", "mailbox_full", "retry_later")]
    [InlineData("452 4.2.2 The email account that you tried to reach is over quota.", 452, "4.2.2", "temporary", "mailbox_full", "retry_later")]
    [InlineData("450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html", 450, "4.2.0", "temporary", "greylisted", "retry_later")]
    [InlineData("451 4.3.0 Temporary local problem - please try later", 451, "4.3.0", "temporary", "greylisted", "retry_later")]
    [InlineData("421 4.3.2 Service not available, closing transmission channel", 421, "4.3.2", "temporary", "smtp_unavailable", "retry_later")]
    [InlineData("421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.", 421, "4.7.28", "temporary", "rate_limited", "retry_later")]
    [InlineData("421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes", 421, "4.7.0", "temporary", "rate_limited", "retry_later")]
    [InlineData("450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", 450, "4.2.1", "temporary", "rate_limited", "retry_later")]
    [InlineData("554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org", 554, "5.7.1", "permanent", "spam_block", "fix_configuration")]
    [InlineData("554 Transaction failed", 554, null, "permanent", "spam_block", "fix_configuration")]
    [InlineData("550 5.7.1 Our system has detected that this message is likely unsolicited mail.", 550, "5.7.1", "permanent", "spam_block", "fix_configuration")]
    [InlineData("553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.10, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes", 553, "5.7.1", "permanent", "spam_block", "fix_configuration")]
    [InlineData("550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked.", 550, "5.7.26", "permanent", "auth_failure", "fix_configuration")]
    [InlineData("550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy.", 550, "5.7.26", "permanent", "auth_failure", "fix_configuration")]
    [InlineData("550 5.7.23 The message was rejected because of Sender Policy Framework violation", 550, "5.7.23", "permanent", "auth_failure", "fix_configuration")]
    [InlineData("550 5.7.25 The IP address sending this message does not have a PTR record setup", 550, "5.7.25", "permanent", "auth_failure", "fix_configuration")]
    [InlineData("550 5.7.509 Access denied, sending domain example.org does not pass DMARC verification and has a DMARC policy of reject.", 550, "5.7.509", "permanent", "auth_failure", "fix_configuration")]
    [InlineData("450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.10]", 450, "4.7.1", "temporary", "auth_failure", "fix_configuration")]
    [InlineData("554 5.7.1 <bob@example.com>: Relay access denied", 554, "5.7.1", "permanent", "policy", "fix_configuration")]
    [InlineData("554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes", 554, "5.7.9", "permanent", "policy", "fix_configuration")]
    [InlineData("552 5.3.4 Message size exceeds fixed limit", 552, "5.3.4", "permanent", "message_too_large", "fix_configuration")]
    [InlineData("556 5.1.10 Recipient address has null MX", 556, "5.1.10", "permanent", "null_mx", "suppress")]
    [InlineData("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", 550, "5.1.10", "permanent", "mailbox_not_found", "suppress")]
    [InlineData("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", 550, "5.4.1", "permanent", "mailbox_not_found", "suppress")]
    [InlineData("550 5.1.2 Host unknown (Name server: example.invalid: host not found)", 550, "5.1.2", "permanent", "no_such_domain", "suppress")]
    [InlineData("450 4.1.1 <bob@example.com>: Recipient address rejected: unverified address", 450, "4.1.1", "temporary", "mailbox_not_found", "retry_later")]
    // Wording that names a loop, a rate limit, expiry or a disabled account wins over a generic or mailbox code.
    [InlineData("554 5.4.6 Too many hops", 554, "5.4.6", "permanent", "mail_loop", "retry_later")]
    [InlineData("554 5.0.0 Message looping (received 6 times)", 554, "5.0.0", "permanent", "mail_loop", "retry_later")]
    [InlineData("550 5.7.13 User account disabled", 550, "5.7.13", "permanent", "mailbox_disabled", "suppress")]
    [InlineData("450 4.4.7 Delivery time expired", 450, "4.4.7", "temporary", "expired", "retry_later")]
    [InlineData("451 4.4.3 Temporary DNS lookup failure", 451, "4.4.3", "temporary", "dns_error", "retry_later")]
    [InlineData("550 5.2.1 Rate limit exceeded for this recipient, try again later", 550, "5.2.1", "permanent", "rate_limited", "retry_later")]
    [InlineData("552 Too many recipients", 552, null, "permanent", "rate_limited", "retry_later")]
    [InlineData("554 5.7.1 Message rejected: virus detected in attachment", 554, "5.7.1", "permanent", "content_rejected", "fix_configuration")]
    [InlineData("421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred", 421, "4.7.0", "temporary", "rate_limited", "retry_later")]
    // A multi-line reply.
    [InlineData("550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser", 550, "5.1.1", "permanent", "mailbox_not_found", "suppress")]
    public void Single_replies(string line, int? code, string? enhanced, string @class, string reason, string action)
    {
        var result = BounceClassifier.Classify(line);

        Assert.Equal((code, enhanced, @class, reason, action), (result.Code, result.EnhancedCode, Wire(result.Class), Wire(result.Reason), Wire(result.Action)));
    }

    [Theory]
    [InlineData("... while talking to mx.example.com.:\n>>> MAIL From:<news@sender.example>\n<<< 250 2.1.0 Sender ok\n>>> RCPT To:<bob@example.com>\n<<< 550 5.1.1 <bob@example.com>... User unknown", 550, "mailbox_not_found")]
    [InlineData("Host or domain name not found. Name service error for name=gone.example type=A: Host not found", null, "no_such_domain")]
    [InlineData("Host or domain name not found. Name service error for name=flaky.example type=MX: Host not found, try again", null, "dns_error")]
    [InlineData("connect to mx.example.net[198.51.100.7]:25: Connection refused", null, "smtp_unavailable")]
    public void Transcripts_and_mta_explanations(string text, int? code, string reason)
    {
        var result = BounceClassifier.Classify(text);

        Assert.Equal((code, reason), (result.Code, Wire(result.Reason)));
    }

    [Fact]
    public void A_single_reply_line_names_its_recipient()
    {
        var result = BounceClassifier.Classify("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown");

        Assert.Equal(("bob@example.com", "mailbox_not_found"), (result.Recipient, Wire(result.Reason)));
    }

    [Fact]
    public void Headers_of_the_returned_message_are_never_evidence()
    {
        const string Report = """
            From: MAILER-DAEMON@mx.sender.example
            To: news@sender.example
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message could not be delivered.

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.sender.example

            Final-Recipient: rfc822; bob@example.com
            Action: failed
            Status: 5.0.0

            --b1
            Content-Type: text/rfc822-headers

            Received-SPF: fail (example.com: domain of sender.example does not designate 192.0.2.1)
            DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=s1; b=dGVzdA==
            X-Spam-Status: Yes, score=9.1 required=5.0 tests=BAYES_99,RCVD_IN_SPAMHAUS
            X-Spam-Flag: YES

            --b1--
            """;

        var result = BounceClassifier.Classify(Report);

        Assert.Equal(("bob@example.com", "undetermined", "permanent"), (result.Recipient, Wire(result.Reason), Wire(result.Class)));
    }

    [Fact]
    public void A_dsn_that_repeats_a_recipient_block_reports_it_once()
    {
        const string Report = """
            From: MAILER-DAEMON@mx.sender.example
            Subject: Returned mail: User unknown
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b2"

            --b2
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.sender.example

            Final-Recipient: rfc822; joe@example.com
            Action: failed
            Status: 5.1.1

            Final-Recipient: rfc822; joe@example.com
            X-Actual-Recipient: rfc822; joe@mail.example.com
            Action: failed
            Status: 5.1.1

            Final-Recipient: rfc822; ann@example.com
            Action: delayed
            Status: 4.2.2

            --b2--
            """;

        var results = BounceClassifier.ClassifyAll(Report);

        Assert.Equal(
            [("joe@example.com", "mailbox_not_found", "suppress"), ("ann@example.com", "mailbox_full", "retry_later")],
            results.Select(r => (r.Recipient, Wire(r.Reason), Wire(r.Action))));
    }

    [Fact]
    public void Multi_line_reply_text_is_joined_without_its_prefixes()
    {
        var result = BounceClassifier.Classify(
            "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n"
            + "550-5.1.1 double-checking the recipient's email address for typos or\r\n"
            + "550 5.1.1 unnecessary spaces.");

        Assert.Equal(
            "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
            result.DiagnosticText);
    }

    [Theory]
    [InlineData(
        "Jan 12 10:15:02 mx1 postfix/smtp[4242]: 3F2A81C0042: to=<bob@example.com>, relay=mx.example.com[192.0.2.25]:25, delay=0.6, delays=0.1/0/0.3/0.2, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.25] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))",
        550, "5.1.1", "permanent", "mailbox_not_found", "suppress", "bob@example.com")]
    [InlineData(
        "Jan 12 10:16:40 mx1 postfix/smtp[4243]: 4B7C21C0043: to=<ann@example.net>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)",
        null, "4.4.1", "temporary", "timeout", "retry_later", "ann@example.net")]
    [InlineData(
        "Jan 12 10:17:01 mx1 postfix/smtp[4244]: 5C8D31C0044: to=<joe@no-such-domain.invalid>, relay=none, delay=0.2, delays=0.1/0/0.1/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=no-such-domain.invalid type=A: Host not found)",
        null, "5.4.4", "permanent", "no_such_domain", "suppress", "joe@no-such-domain.invalid")]
    [InlineData(
        "Jan 12 10:18:11 mx1 postfix/smtp[4245]: 6D9E41C0045: to=<kim@example.org>, relay=mx.example.org[203.0.113.9]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.2.2, status=deferred (host mx.example.org[203.0.113.9] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command))",
        452, "4.2.2", "temporary", "mailbox_full", "retry_later", "kim@example.org")]
    [InlineData(
        "2024-05-01 10:00:00 1s2AbC-000Xyz-4Q ** bob@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.25] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<bob@example.com>: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown",
        550, "5.1.1", "permanent", "mailbox_not_found", "suppress", "bob@example.com")]
    [InlineData(
        "2024-05-01 10:05:00 1s2AbD-000Xyz-5R == ann@example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [198.51.100.7]: SMTP error from remote mail server after RCPT TO:<ann@example.net>: 451 4.7.1 Greylisting in action, please come back later",
        451, "4.7.1", "temporary", "greylisted", "retry_later", "ann@example.net")]
    [InlineData(
        "2024-05-01 10:06:00 1s2AbE-000Xyz-6S ** joe@no-such-domain.invalid: Unrouteable address",
        null, null, "permanent", "no_such_domain", "suppress", "joe@no-such-domain.invalid")]
    [InlineData(
        "Jan 12 10:20:00 mail sendmail[2211]: 42CAKA0r002211: to=<bob@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120000, relay=mx.example.com. [192.0.2.25], dsn=5.1.1, stat=User unknown",
        null, "5.1.1", "permanent", "mailbox_not_found", "suppress", "bob@example.com")]
    [InlineData(
        "Jan 12 10:21:00 mail sendmail[2212]: 42CAKA0r002212: to=<ann@example.net>, delay=00:00:05, xdelay=00:00:05, mailer=esmtp, pri=120000, relay=mx.example.net. [198.51.100.7], dsn=4.0.0, stat=Deferred: Connection refused by mx.example.net.",
        null, "4.0.0", "temporary", "smtp_unavailable", "retry_later", "ann@example.net")]
    [InlineData(
        "Jan 12 10:19:00 mx1 postfix/smtp[4246]: 7EAF51C0046: to=<lou@flaky-dns.example>, relay=none, delay=0.3, delays=0.1/0/0.2/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=flaky-dns.example type=MX: Host not found, try again)",
        null, "4.4.3", "temporary", "dns_error", "retry_later", "lou@flaky-dns.example")]
    public void Mta_log_lines(string line, int? code, string? enhanced, string @class, string reason, string action, string recipient)
    {
        var result = BounceClassifier.Classify(line);

        Assert.Equal(
            (code, enhanced, @class, reason, action, recipient),
            (result.Code, result.EnhancedCode, Wire(result.Class), Wire(result.Reason), Wire(result.Action), result.Recipient));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("hello world")]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("Subject: lunch?\n\nAre we still on for noon?")]
    [InlineData("250 2.0.0 Ok: queued as 3F2A81C0042")]
    [InlineData("\0\0\u0001\u00ff<<<>>>:::;;;")]
    [InlineData("Content-Type: multipart/report; boundary=\"x\"\n\n--x\nContent-Type: message/delivery-status\n\n")]
    public void Garbage_and_non_bounces_do_not_throw(string? text)
    {
        var result = BounceClassifier.Classify(text);

        Assert.Contains(Wire(result.Reason), new[] { "unrecognised", "accepted", "not_a_bounce" });
        Assert.Equal("none", Wire(result.Action));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(5321);
        for (var i = 0; i < 300; i++)
        {
            var chars = new char[random.Next(0, 600)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? "\n:;<>@()#-. 5"[random.Next(13)] : (char)random.Next(1, 0x2FF);
            }

            var result = BounceClassifier.Classify(new string(chars));
            Assert.True(Enum.IsDefined(result.Reason));
        }
    }

    [Fact]
    public void Input_beyond_one_mebibyte_is_not_read()
    {
        var padding = new string('x', BounceClassifier.MaxInputChars);
        var result = BounceClassifier.Classify(padding + "\n550 5.1.1 User unknown");

        Assert.Equal("unrecognised", Wire(result.Reason));
    }

    public static TheoryData<string> Adversarial() => new()
    {
        string.Concat(Enumerable.Repeat("said: ", 150_000)),
        string.Concat(Enumerable.Repeat("status=bounced (", 60_000)),
        string.Concat(Enumerable.Repeat("550-5.1.1 x\n", 80_000)),
        string.Concat(Enumerable.Repeat("** a@b ", 120_000)),
        string.Concat(Enumerable.Repeat("Diagnostic-Code: smtp; ", 40_000)),
        "Subject: x\nContent-Type: multipart/report; boundary=b\n\n" + string.Concat(Enumerable.Repeat("--b\nContent-Type: multipart/mixed; boundary=b\n\n", 20_000)),
        new string('(', 1_000_000),
        "550 " + new string(')', 9_000),
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public void Adversarial_input_is_bounded(string text)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = BounceClassifier.Classify(text);

        Assert.True(Enum.IsDefined(result.Reason));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
    }

    [Fact]
    public void Large_bounce_is_classified_within_the_cap()
    {
        var body = "550 5.1.1 <bob@example.com>: User unknown\n\n" + string.Concat(Enumerable.Repeat("filler line of the original message\n", 20_000));
        var result = BounceClassifier.Classify(body);

        Assert.Equal("mailbox_not_found", Wire(result.Reason));
    }

    /// <summary>An enum value as the API writes it (snake_case).</summary>
    private static string Wire(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
