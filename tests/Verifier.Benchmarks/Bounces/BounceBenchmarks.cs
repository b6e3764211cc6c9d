using System.Text;
using BenchmarkDotNet.Attributes;
using Verifier.Core.Bounces;

namespace Verifier.Benchmarks.Bounces;

/// <summary>
/// Classification speed of one bounce: a 50 KB RFC 3464 DSN (Postfix layout, the original message attached), a
/// 5 KB plain-text Exim bounce, and a single reply line. Messages/second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BounceBenchmarks
{
    private readonly string dsn50K = Dsn(50 * 1024);
    private readonly string exim5K = Exim(5 * 1024);

    [Benchmark(Description = "50 KB DSN")]
    public BounceClassification Dsn50K() => BounceClassifier.Classify(dsn50K);

    [Benchmark(Description = "5 KB Exim text bounce")]
    public BounceClassification Exim5K() => BounceClassifier.Classify(exim5K);

    [Benchmark(Description = "one reply line")]
    public BounceClassification ReplyLine() =>
        BounceClassifier.Classify("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table");

    private static string Dsn(int size)
    {
        var text = new StringBuilder("""
            From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)
            To: news@sender.example
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            This is the mail system at host mx.sender.example.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients. It's attached below.

            <bob@example.com>: host mx.example.com[192.0.2.25] said: 550 5.1.1
                <bob@example.com>: Recipient address rejected: User unknown in virtual
                mailbox table (in reply to RCPT TO command)

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.sender.example

            Final-Recipient: rfc822; bob@example.com
            Original-Recipient: rfc822;bob@example.com
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.example.com
            Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected:
                User unknown in virtual mailbox table

            --b1
            Content-Type: message/rfc822

            From: news@sender.example
            To: bob@example.com
            Subject: February product update
            DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=s1; b=dGVzdA==
            Received-SPF: pass (mx.sender.example: domain of sender.example designates 198.51.100.20 as permitted sender)
            X-Spam-Status: No, score=-1.0

            """);
        while (text.Length < size - 10)
        {
            text.Append("Our February update: new features, fixed bugs and a word about pricing.\n");
        }

        return text.Append("\n--b1--\n").ToString();
    }

    private static string Exim(int size)
    {
        var text = new StringBuilder("""
            From: Mail Delivery System <Mailer-Daemon@mail.sender.example>
            To: news@sender.example
            Subject: Mail delivery failed: returning message to sender
            X-Failed-Recipients: bob@example.com
            Auto-Submitted: auto-replied

            This message was created automatically by mail delivery software.

            A message that you sent could not be delivered to one or more of its
            recipients. This is a permanent error. The following address(es) failed:

              bob@example.com
                host mx.example.com [192.0.2.25]
                SMTP error from remote mail server after RCPT TO:<bob@example.com>:
                550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown

            ------ This is a copy of the message, including all the headers. ------

            From: news@sender.example
            To: bob@example.com

            """);
        while (text.Length < size)
        {
            text.Append("Our February update: new features, fixed bugs and a word about pricing.\n");
        }

        return text.ToString();
    }
}
