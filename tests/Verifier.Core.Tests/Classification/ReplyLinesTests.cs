namespace Verifier.Core.Tests.Classification;

/// <summary>The transcript helper must split codes the way the SMTP layer does, or the table tests prove nothing.</summary>
public sealed class ReplyLinesTests
{
    [Fact]
    public void Multi_line_reply_keeps_code_and_first_enhanced_code_and_joins_text()
    {
        var reply = ReplyLines.Parse("550-5.1.1 The email account\n550 5.1.1  does not exist.");

        Assert.Equal(550, reply.Code);
        Assert.Equal("5.1.1", reply.EnhancedCode);
        Assert.Equal("The email account does not exist.", reply.Text);
    }

    [Fact]
    public void Reply_without_enhanced_code_keeps_whole_text()
    {
        var reply = ReplyLines.Parse("550 sorry, no mailbox here by that name. (#5.1.1)");

        Assert.Null(reply.EnhancedCode);
        Assert.Equal("sorry, no mailbox here by that name. (#5.1.1)", reply.Text);
    }
}
