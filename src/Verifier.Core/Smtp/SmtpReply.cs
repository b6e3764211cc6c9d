namespace Verifier.Core.Smtp;

/// <summary>One reply from a remote SMTP server.</summary>
/// <param name="Code">The three-digit basic reply code (RFC 5321 §4.2).</param>
/// <param name="EnhancedCode">The enhanced status code (RFC 3463), e.g. "5.1.1", when the server sent one.</param>
/// <param name="Text">The reply text without code prefixes, lines joined by a space.</param>
public sealed record SmtpReply(int Code, string? EnhancedCode, string Text)
{
    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransient => Code is >= 400 and < 500;

    public bool IsPermanent => Code >= 500;
}
