using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Classification;

/// <summary>Builds an <see cref="SmtpReply"/> from a transcript as servers write it ("550-5.1.1 …\n550 5.1.1 …").</summary>
internal static class ReplyLines
{
    public static SmtpReply Parse(string transcript)
    {
        var lines = transcript.Split('\n');
        var code = int.Parse(lines[0].AsSpan(0, 3), provider: null);
        string? enhanced = null;
        var texts = new List<string>();
        foreach (var line in lines)
        {
            var text = line.Length > 4 ? line[4..].Trim() : "";
            var space = text.IndexOf(' ');
            var first = space < 0 ? text : text[..space];
            if (IsEnhancedCode(first))
            {
                enhanced ??= first;
                text = space < 0 ? "" : text[(space + 1)..].Trim();
            }

            texts.Add(text);
        }

        return new SmtpReply(code, enhanced, string.Join(' ', texts).Trim());
    }

    private static bool IsEnhancedCode(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3
            && parts[0] is "2" or "4" or "5"
            && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
