using System.Net.Mail;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MimeKit;
using Verifier.Core.Syntax;

namespace Verifier.Benchmarks;

/// <summary>
/// The syntax stage against the parsers a .NET developer would otherwise reach for.
/// "Mixed" runs a list of valid and invalid, ASCII and internationalised addresses (one
/// operation = the whole list); "Single" runs one valid ASCII address to show the allocation.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SyntaxBenchmarks
{
    private const string Single = "john.doe+newsletter@mail.example.com";

    /// <summary>Twenty addresses: 12 valid (3 internationalised), 8 invalid.</summary>
    public static readonly string[] Mixed =
    [
        "user@example.com",
        "john.doe@example.co.uk",
        "First.Last+tag@Mail.Example.ORG",
        "sales-team_2024@sub.domain.example.net",
        "a@b.io",
        "\"quoted user\"@example.com",
        "user@[192.0.2.1]",
        "user@[IPv6:2001:db8::1]",
        "o'brien@example.ie",
        "user@bücher.de",
        "Pelé@example.com",
        "用户@例子.广告",
        "plainaddress",
        "@example.com",
        "user@",
        "user..name@example.com",
        "user@-example.com",
        "user name@example.com",
        "user@example.com\r\nRCPT TO:<x@y>",
        "(comment)user@example.com",
    ];

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Mixed")]
    public int EmailSyntax_IsValid()
    {
        var valid = 0;
        foreach (var address in Mixed)
        {
            if (EmailSyntax.IsValid(address, out _))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark]
    [BenchmarkCategory("Mixed")]
    public int EmailSyntax_TryParse()
    {
        var valid = 0;
        foreach (var address in Mixed)
        {
            if (EmailSyntax.TryParse(address, out _, out _))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark]
    [BenchmarkCategory("Mixed")]
    public int MailAddress_TryCreate()
    {
        var valid = 0;
        foreach (var address in Mixed)
        {
            if (MailAddress.TryCreate(address, out _))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark]
    [BenchmarkCategory("Mixed")]
    public int MimeKit_MailboxAddress_TryParse()
    {
        var valid = 0;
        foreach (var address in Mixed)
        {
            if (MailboxAddress.TryParse(address, out _))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Single")]
    public bool Single_EmailSyntax_IsValid() => EmailSyntax.IsValid(Single, out _);

    [Benchmark]
    [BenchmarkCategory("Single")]
    public bool Single_EmailSyntax_TryParse() => EmailSyntax.TryParse(Single, out _, out _);

    [Benchmark]
    [BenchmarkCategory("Single")]
    public bool Single_MailAddress_TryCreate() => MailAddress.TryCreate(Single, out _);

    [Benchmark]
    [BenchmarkCategory("Single")]
    public bool Single_MimeKit_MailboxAddress_TryParse() => MailboxAddress.TryParse(Single, out _);
}
