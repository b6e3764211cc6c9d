using System.Diagnostics;
using System.Text;
using Verifier.Core.Syntax;
using Xunit.Abstractions;

namespace Verifier.Core.Tests.Fuzzing;

/// <summary>
/// Randomised inputs with a fixed seed (so a failure replays): mutations of valid addresses, random bytes decoded
/// as text and random Unicode. For each: no exception escapes, <see cref="EmailSyntax.IsValid"/> and
/// <see cref="EmailSyntax.TryParse"/> agree, and a parsed address's <see cref="EmailAddress.Mailbox"/> parses again
/// to the same mailbox.
/// </summary>
public sealed class SyntaxFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261128;
    private const int Inputs = 200_000;

    private static readonly string[] ValidSeeds =
    [
        "alice@example.com", "Alice.Smith+tag@Example.COM", "a@b.co", "x@localhost", "first.last@sub.domain.example",
        "!#$%&'*+-/=?^_`{|}~@example.org", "\"john doe\"@example.com", "\"a\\\"b\"@example.com", "\"\"@example.com",
        "user@[192.0.2.1]", "user@[IPv6:2001:db8::1]", "user@[IPv6:::ffff:192.0.2.1]", "user@xn--bcher-kva.example",
        "user@bücher.example", "用户@例子.广告", "δοκιμή@παράδειγμα.δοκιμή", "josé@exämple.com", "😀@example.com",
        "a@" + new string('b', 63) + ".com", new string('a', 64) + "@example.com", "postmaster@example.com",
    ];

    private static readonly string Interesting =
        "@.\"\\[]:;<>(),' \t\r\n\0\u007F\u0080\u0085\u00A0\u00AD\u200B\u200C\u200D\u2028\u2029\uFEFF\uFF20\u3002\uFF0E\uFF61" +
        "\u0301\u0338İıßẞﬀ\uD83D\uDE00\uD800\uDC00\uDFFF-_+=~`!#$%&*/?^{|}xn--IPv6:0123456789abcdefABCDEF";

    [Fact]
    public async Task Random_inputs_never_throw_and_parse_stably()
    {
        var random = new Random(Seed);
        var valid = 0;
        var stopwatch = Stopwatch.StartNew();

        var run = Task.Run(() =>
        {
            for (var i = 0; i < Inputs; i++)
            {
                var input = Next(random, i);
                if (Check(input))
                {
                    valid++;
                }
            }
        });
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"Tried {Inputs:N0} inputs (seed {Seed}) in {stopwatch.Elapsed.TotalSeconds:0.0} s; {valid:N0} were valid addresses.");
        Assert.InRange(valid, Inputs / 50, Inputs - 1);
    }

    /// <summary>True when the input is a valid address (and survived the round trip).</summary>
    private static bool Check(string input)
    {
        bool isValid;
        SyntaxError validError;
        bool parsed;
        EmailAddress? address;
        SyntaxError parseError;
        try
        {
            isValid = EmailSyntax.IsValid(input, out validError);
            parsed = EmailSyntax.TryParse(input, out address, out parseError);
        }
        catch (Exception error)
        {
            Assert.Fail($"{Describe(input)} threw {error}");
            return false;
        }

        Assert.True(isValid == parsed, $"{Describe(input)}: IsValid {isValid} ({validError}) but TryParse {parsed} ({parseError})");
        Assert.True(validError == parseError, $"{Describe(input)}: IsValid says {validError}, TryParse says {parseError}");
        if (!parsed)
        {
            return false;
        }

        var mailbox = address!.Mailbox;
        var reparsed = EmailSyntax.TryParse(mailbox, out var again, out var againError);

        Assert.True(reparsed, $"{Describe(input)} → {Describe(mailbox)} no longer parses: {againError}");
        Assert.True(mailbox == again!.Mailbox, $"{Describe(input)} → {Describe(mailbox)} → {Describe(again.Mailbox)}");
        return true;
    }

    private static string Next(Random random, int index) => (index % 10) switch
    {
        < 6 => Mutate(random, Pick(random, ValidSeeds)),
        6 => Mutate(random, Mutate(random, Pick(random, ValidSeeds))),
        7 => Splice(random),
        8 => RandomBytes(random),
        _ => RandomUnicode(random),
    };

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length + 1);
            switch (random.Next(7))
            {
                case 0:
                    builder.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(Math.Min(at, builder.Length - 1), 1);
                    break;
                case 2 when builder.Length > 0:
                    builder[Math.Min(at, builder.Length - 1)] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 3:
                    builder.Insert(at, new string(Interesting[random.Next(Interesting.Length)], random.Next(1, 300)));
                    break;
                case 4 when builder.Length > 1:
                    var start = random.Next(builder.Length);
                    var length = random.Next(1, builder.Length - start + 1);
                    builder.Insert(at, builder.ToString(start, length));
                    break;
                case 5 when builder.Length > 0:
                    builder.Length = random.Next(builder.Length);
                    break;
                default:
                    builder.Insert(at, (char)random.Next(0, 0x10000));
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Splice(Random random)
    {
        var left = Pick(random, ValidSeeds);
        var right = Pick(random, ValidSeeds);
        return left[..random.Next(left.Length + 1)] + right[random.Next(right.Length + 1)..];
    }

    private static string RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 80)];
        random.NextBytes(bytes);
        if (bytes.Length > 2)
        {
            bytes[random.Next(bytes.Length)] = (byte)'@';
        }

        return random.Next(2) == 0 ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    private static string RandomUnicode(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 60);
        for (var i = 0; i < length; i++)
        {
            var roll = random.Next(10);
            if (roll < 4)
            {
                builder.Append((char)random.Next(0x21, 0x7F));
            }
            else if (roll < 8)
            {
                builder.Append(char.ConvertFromUtf32(random.Next(0xA0, 0x2FFFF) is var cp && cp is >= 0xD800 and <= 0xDFFF ? 0xE000 : cp));
            }
            else
            {
                builder.Append(Interesting[random.Next(Interesting.Length)]);
            }

            if (i == length / 2)
            {
                builder.Append('@');
            }
        }

        return builder.ToString();
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Describe(string text) =>
        "\"" + string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";
}
