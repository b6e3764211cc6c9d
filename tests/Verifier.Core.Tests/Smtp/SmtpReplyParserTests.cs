using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Smtp;

public class SmtpReplyParserTests
{
    [Theory]
    [InlineData(550, "5.1.1 User unknown", "5.1.1", "User unknown")]
    [InlineData(550, "5.2.1 Mailbox disabled", "5.2.1", "Mailbox disabled")]
    [InlineData(452, "4.2.2 Mailbox full", "4.2.2", "Mailbox full")]
    [InlineData(250, "2.1.5 Ok", "2.1.5", "Ok")]
    [InlineData(550, "5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup", "5.7.133", "RESOLVER.RST.SenderNotAuthenticatedForGroup")]
    [InlineData(550, "User unknown", null, "User unknown")]
    [InlineData(550, "4.1.1 class disagrees with the code", null, "4.1.1 class disagrees with the code")]
    [InlineData(550, "5.1.1234 too many digits", null, "5.1.1234 too many digits")]
    [InlineData(550, "5.1.1User", null, "5.1.1User")]
    [InlineData(550, "5.1.1", "5.1.1", "")]
    [InlineData(250, "", null, "")]
    [InlineData(421, "4.3.2 Service shutting down", "4.3.2", "Service shutting down")]
    public void Parses_the_enhanced_code_and_text(int code, string text, string? enhanced, string expectedText)
    {
        var reply = SmtpReplyParser.Parse(code, text);

        Assert.Equal(code, reply.Code);
        Assert.Equal(enhanced, reply.EnhancedCode);
        Assert.Equal(expectedText, reply.Text);
    }

    [Fact]
    public void Joins_multi_line_replies_and_drops_repeated_enhanced_codes()
    {
        var reply = SmtpReplyParser.Parse(550, "5.1.1 The email account that you tried to reach does not exist.\n5.1.1 Please try double-checking.\n5.1.1 https://support.example/mail");

        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal("The email account that you tried to reach does not exist. Please try double-checking. https://support.example/mail", reply.Text);
    }

    [Theory]
    [InlineData(452, "4.5.3 Too many recipients", true)]
    [InlineData(452, "Too many recipients", true)]
    [InlineData(552, "5.5.3 Too many recipients", true)]
    [InlineData(552, "too many recipients", true)]
    [InlineData(452, "4.2.2 Mailbox full", false)]
    [InlineData(452, "4.3.1 Insufficient system storage", false)]
    [InlineData(550, "5.1.1 User unknown", false)]
    [InlineData(451, "4.7.1 Greylisted, too many recipients", false)]
    public void Recognises_too_many_recipients(int code, string text, bool expected) =>
        Assert.Equal(expected, SmtpReplyParser.IsTooManyRecipients(SmtpReplyParser.Parse(code, text)));

    [Theory]
    [InlineData("alice@example.com", true)]
    [InlineData("\"john doe\"@example.com", true)]
    [InlineData("\"a<b>\"@example.com", true)]
    [InlineData("\"a\\\"b\"@example.com", true)]
    [InlineData("josé@example.com", true)]
    [InlineData("a@example.com\r\nDATA", false)]
    [InlineData("a@example.com\nRSET", false)]
    [InlineData("a\0@example.com", false)]
    [InlineData("a b@example.com", false)]
    [InlineData("a>@example.com", false)]
    [InlineData("\"unterminated@example.com", false)]
    [InlineData("no-at-sign", false)]
    [InlineData("", false)]
    public void Accepts_only_mailboxes_safe_on_a_command_line(string mailbox, bool expected) =>
        Assert.Equal(expected, SmtpReplyParser.IsSafeMailbox(mailbox));

    [Fact]
    public void Builds_commands()
    {
        Assert.Equal("MAIL FROM:<verify@probe.test>", SmtpReplyParser.MailFromCommand("verify@probe.test", smtpUtf8: false));
        Assert.Equal("MAIL FROM:<verify@probe.test> SMTPUTF8", SmtpReplyParser.MailFromCommand("verify@probe.test", smtpUtf8: true));
        Assert.Equal("RCPT TO:<bob@x.test>", SmtpReplyParser.RcptToCommand("bob@x.test"));
        Assert.Throws<ArgumentException>(() => SmtpReplyParser.RcptToCommand("bob@x.test>\r\nDATA"));
    }

    [Fact]
    public void Random_local_parts_are_sixteen_lower_case_letters_or_digits_and_differ()
    {
        var parts = Enumerable.Range(0, 50).Select(_ => SmtpReplyParser.RandomLocalPart()).ToList();

        Assert.All(parts, part => Assert.Matches("^[a-z0-9]{16}$", part));
        Assert.Equal(parts.Count, parts.Distinct().Count());
    }

    [Theory]
    [InlineData("bob@x.test", false)]
    [InlineData("josé@x.test", true)]
    [InlineData("用户@x.test", true)]
    public void Detects_addresses_that_need_smtputf8(string mailbox, bool expected) =>
        Assert.Equal(expected, SmtpReplyParser.RequiresSmtpUtf8(mailbox));
}
