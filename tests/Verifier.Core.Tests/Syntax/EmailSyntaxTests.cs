using System.Net;
using Verifier.Core.Syntax;

namespace Verifier.Core.Tests.Syntax;

public sealed class EmailSyntaxTests
{
    private static readonly string Label63 = new('b', 63);

    // Each invalid row: the address, the error code, the index where parsing failed.
    public static readonly TheoryData<string, SyntaxErrorCode, int> Invalid = new()
    {
        // Missing parts
        { "", SyntaxErrorCode.Empty, 0 },
        { "user", SyntaxErrorCode.NoAtSign, 4 },
        { "user.example.com", SyntaxErrorCode.NoAtSign, 16 },
        { "\"user\"", SyntaxErrorCode.NoAtSign, 6 },
        { "@example.com", SyntaxErrorCode.NoLocalPart, 0 },
        { "@", SyntaxErrorCode.NoLocalPart, 0 },
        { "user@", SyntaxErrorCode.NoDomain, 5 },

        // Dots
        { ".user@example.com", SyntaxErrorCode.LeadingDot, 0 },
        { "user.@example.com", SyntaxErrorCode.TrailingDot, 4 },
        { "us..er@example.com", SyntaxErrorCode.ConsecutiveDots, 3 },
        { "user@.example.com", SyntaxErrorCode.LeadingDot, 5 },
        { "user@example.com.", SyntaxErrorCode.TrailingDot, 16 },
        { "user@example..com", SyntaxErrorCode.ConsecutiveDots, 13 },
        { "a@x\u3002\u3002y", SyntaxErrorCode.ConsecutiveDots, 4 },

        // Domain labels
        { "user@-example.com", SyntaxErrorCode.DomainLabelHyphen, 5 },
        { "user@example-.com", SyntaxErrorCode.DomainLabelHyphen, 12 },
        { "user@example.com-", SyntaxErrorCode.DomainLabelHyphen, 16 },
        { "user@exam_ple.com", SyntaxErrorCode.InvalidCharacter, 9 },
        { "user@example.com/x", SyntaxErrorCode.InvalidCharacter, 16 },
        { "user@exa%mple.com", SyntaxErrorCode.InvalidCharacter, 8 },
        { "us@er@example.com", SyntaxErrorCode.InvalidCharacter, 5 },
        { "user@ex[1.2.3.4]", SyntaxErrorCode.InvalidCharacter, 7 },

        // Specials outside quotes
        { "us\\er@example.com", SyntaxErrorCode.InvalidCharacter, 2 },
        { "us,er@example.com", SyntaxErrorCode.InvalidCharacter, 2 },
        { "us[er@example.com", SyntaxErrorCode.InvalidCharacter, 2 },
        { "user)@example.com", SyntaxErrorCode.InvalidCharacter, 4 },
        { "us<er@example.com", SyntaxErrorCode.InvalidCharacter, 2 },
        { "us:er@example.com", SyntaxErrorCode.InvalidCharacter, 2 },
        { "us\"er\"@example.com", SyntaxErrorCode.InvalidCharacter, 2 },

        // Folding white space and comments (RFC 5322 CFWS)
        { "user@exa mple.com", SyntaxErrorCode.FoldingWhiteSpace, 8 },
        { " user@example.com", SyntaxErrorCode.FoldingWhiteSpace, 0 },
        { "user@example.com ", SyntaxErrorCode.FoldingWhiteSpace, 16 },
        { "user @example.com", SyntaxErrorCode.FoldingWhiteSpace, 4 },
        { "user@ example.com", SyntaxErrorCode.FoldingWhiteSpace, 5 },
        { "(comment)user@example.com", SyntaxErrorCode.Comment, 0 },
        { "user@example.com(comment)", SyntaxErrorCode.Comment, 16 },
        { "user@(comment)example.com", SyntaxErrorCode.Comment, 5 },
        { "user(comment)@example.com", SyntaxErrorCode.Comment, 4 },

        // Control characters: CR, LF and every other control, even quoted or escaped
        { "user\r\n@example.com", SyntaxErrorCode.ControlCharacter, 4 },
        { "user@example.com\r\nRCPT TO:<x@y>", SyntaxErrorCode.ControlCharacter, 16 },
        { "user@example.com\n", SyntaxErrorCode.ControlCharacter, 16 },
        { "\r\n user@example.com", SyntaxErrorCode.ControlCharacter, 0 },
        { "us\ter@example.com", SyntaxErrorCode.ControlCharacter, 2 },
        { "\"us\ter\"@example.com", SyntaxErrorCode.ControlCharacter, 3 },
        { "\"us\\\rer\"@example.com", SyntaxErrorCode.ControlCharacter, 4 },
        { "\"\u0007\"@example.com", SyntaxErrorCode.ControlCharacter, 1 },
        { "user\u007f@example.com", SyntaxErrorCode.ControlCharacter, 4 },
        { "user\u0085@example.com", SyntaxErrorCode.ControlCharacter, 4 },
        { "user@exam\u0001ple.com", SyntaxErrorCode.ControlCharacter, 9 },
        { "user@[1.2.3.4\r]", SyntaxErrorCode.ControlCharacter, 13 },

        // Quoted strings and obsolete local parts
        { "\"user@example.com", SyntaxErrorCode.UnterminatedQuotedString, 17 },
        { "\"user\\\"@example.com", SyntaxErrorCode.UnterminatedQuotedString, 19 },
        { "\"user\\", SyntaxErrorCode.UnterminatedQuotedString, 6 },
        { "\"a\".b@example.com", SyntaxErrorCode.ObsoleteLocalPart, 3 },
        { "a.\"b\"@example.com", SyntaxErrorCode.ObsoleteLocalPart, 2 },
        { "\"a\"b@example.com", SyntaxErrorCode.InvalidCharacter, 3 },
        { "\"a\"\"b\"@example.com", SyntaxErrorCode.InvalidCharacter, 3 },
        { "\"a\\é\"@example.com", SyntaxErrorCode.InvalidCharacter, 3 },

        // Address literals (RFC 5321 §4.1.3)
        { "user@[1.2.3.4", SyntaxErrorCode.UnterminatedAddressLiteral, 13 },
        { "user@[1.2.3]", SyntaxErrorCode.InvalidAddressLiteral, 11 },
        { "user@[1.2.3.256]", SyntaxErrorCode.InvalidAddressLiteral, 12 },
        { "user@[1.2.3.4.5]", SyntaxErrorCode.InvalidAddressLiteral, 13 },
        { "user@[1234.1.1.1]", SyntaxErrorCode.InvalidAddressLiteral, 9 },
        { "user@[2001:db8::1]", SyntaxErrorCode.InvalidAddressLiteral, 9 },
        { "user@[IPv6:1:2:3:4:5:6:7]", SyntaxErrorCode.InvalidAddressLiteral, 24 },
        { "user@[IPv6:1:2:3:4:5:6::8]", SyntaxErrorCode.InvalidAddressLiteral, 25 },
        { "user@[IPv6:1::2::3]", SyntaxErrorCode.InvalidAddressLiteral, 16 },
        { "user@[IPv6::1]", SyntaxErrorCode.InvalidAddressLiteral, 11 },
        { "user@[IPv6:1:2:3:4:5:6:7:8:9]", SyntaxErrorCode.InvalidAddressLiteral, 27 },
        { "user@[IPv6:12345::]", SyntaxErrorCode.InvalidAddressLiteral, 15 },
        { "user@[IPv6:1::g]", SyntaxErrorCode.InvalidAddressLiteral, 14 },
        { "user@[IPv6:1::2:]", SyntaxErrorCode.InvalidAddressLiteral, 15 },
        { "user@[IPv6:1:2:3:4:5:1.2.3.4]", SyntaxErrorCode.InvalidAddressLiteral, 28 },
        { "user@[IPv6:1::2:3:4:5:1.2.3.4]", SyntaxErrorCode.InvalidAddressLiteral, 29 },
        { "user@[example.com]", SyntaxErrorCode.InvalidAddressLiteral, 6 },
        { "user@[x-tag:stuff]", SyntaxErrorCode.InvalidAddressLiteral, 6 },
        { "user@[]", SyntaxErrorCode.InvalidAddressLiteral, 6 },
        { "user@[1.2.3.4] ", SyntaxErrorCode.FoldingWhiteSpace, 14 },
        { "user@[IPv6:1::]x", SyntaxErrorCode.InvalidCharacter, 15 },

        // Length limits (RFC 5321 §4.5.3.1), counted in octets, domains in A-label form
        { new string('a', 65) + "@x.com", SyntaxErrorCode.LocalPartTooLong, 0 },
        { new string('ü', 33) + "@x.com", SyntaxErrorCode.LocalPartTooLong, 0 },
        { "\"" + new string('a', 63) + "\"@x.com", SyntaxErrorCode.LocalPartTooLong, 0 },
        { "a@" + new string('b', 64) + ".com", SyntaxErrorCode.LabelTooLong, 2 },
        { "a@x." + new string('b', 64), SyntaxErrorCode.LabelTooLong, 4 },
        { "a@" + new string('ü', 60) + ".de", SyntaxErrorCode.LabelTooLong, 2 },
        { "a@x." + new string('a', 56) + "ü.de", SyntaxErrorCode.LabelTooLong, 4 },
        { "a@" + Label63 + "." + Label63 + "." + Label63 + "." + Label63 + ".b", SyntaxErrorCode.DomainTooLong, 2 },
        { "a@" + string.Join('.', Enumerable.Repeat(new string('ü', 10), 20)), SyntaxErrorCode.DomainTooLong, 2 },
        { new string('a', 64) + "@" + Label63 + "." + Label63 + "." + new string('d', 62), SyntaxErrorCode.PathTooLong, 0 },

        // Internationalised domains and Unicode local parts
        { "a@xn--zz.de", SyntaxErrorCode.InvalidIdn, 2 },
        { "a@x.xn--zz", SyntaxErrorCode.InvalidIdn, 4 },
        { "a@x.\u0301y.de", SyntaxErrorCode.InvalidIdn, 4 },
        { "x@example.\u200B", SyntaxErrorCode.InvalidIdn, 10 },
        { "x@\u00AD.example.com", SyntaxErrorCode.InvalidIdn, 2 },
        { "a@ü\u00a0.de", SyntaxErrorCode.InvalidCharacter, 3 },
        { "user@exa\u3000mple.com", SyntaxErrorCode.InvalidCharacter, 8 },
        { "a\u202eb@x.com", SyntaxErrorCode.InvalidCharacter, 1 },
    };

    // Each valid row: the input, then the normalised local part, domain, address literal (or null) and SMTPUTF8 need.
    public static readonly TheoryData<string, string, string, string?, bool> Valid = new()
    {
        { "user@example.com", "user", "example.com", null, false },
        { "User.Name+tag@Example.COM", "User.Name+tag", "example.com", null, false },
        { "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~", "example.com", null, false },
        { "xn--test@iana.org", "xn--test", "iana.org", null, false },
        { "user@io", "user", "io", null, false },
        { "user@iana.123", "user", "iana.123", null, false },
        { "user@c--n.com", "user", "c--n.com", null, false },

        // IDNA: domains stored as lower-case A-labels (UTS #46, non-transitional)
        { "user@bücher.de", "user", "xn--bcher-kva.de", null, false },
        { "a@BÜCHER.DE", "a", "xn--bcher-kva.de", null, false },
        { "a@XN--BCHER-KVA.DE", "a", "xn--bcher-kva.de", null, false },
        { "a@faß.de", "a", "xn--fa-hia.de", null, false },
        { "a@例子。中国", "a", "xn--fsqu00a.xn--fiqs8s", null, false },
        { "a@x." + new string('a', 55) + "ü.de", "a", "x.xn--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-8yf.de", null, false },

        // RFC 6531 UTF-8 local parts
        { "Ü@x", "Ü", "x", null, true },
        { "Pelé@example.com", "Pelé", "example.com", null, true },
        { "用户@例子.广告", "用户", "xn--fsqu00a.xn--4rr70v", null, true },
        { "Δοκιμή@παράδειγμα.δοκιμή", "Δοκιμή", "xn--hxajbheg2az3al.xn--jxalpdlp", null, true },
        { "😀@example.com", "😀", "example.com", null, true },

        // Quoted local parts: kept quoted only when they must be, with minimal escaping
        { "\"abc\"@x", "abc", "x", null, false },
        { "\"a.b\"@x", "a.b", "x", null, false },
        { "\"\\a\"@x", "a", "x", null, false },
        { "\"Ü\"@x", "Ü", "x", null, true },
        { "\"a b\"@x", "\"a b\"", "x", null, false },
        { "\"\"@x", "\"\"", "x", null, false },
        { "\"a\\\"b\"@x", "\"a\\\"b\"", "x", null, false },
        { "\"a\\\\b\"@x", "\"a\\\\b\"", "x", null, false },
        { "\"a..b\"@x", "\"a..b\"", "x", null, false },
        { "\".a\"@x", "\".a\"", "x", null, false },
        { "\"a@b\"@x", "\"a@b\"", "x", null, false },
        { "\"a(b)\"@x", "\"a(b)\"", "x", null, false },
        { "\"a\\ b\"@x", "\"a b\"", "x", null, false },

        // Address literals
        { "user@[192.0.2.1]", "user", "[192.0.2.1]", "192.0.2.1", false },
        { "user@[010.000.002.001]", "user", "[10.0.2.1]", "10.0.2.1", false },
        { "user@[IPv6:2001:db8::1]", "user", "[IPv6:2001:db8::1]", "2001:db8::1", false },
        { "user@[ipv6:2001:DB8:0:0:0:0:0:1]", "user", "[IPv6:2001:db8::1]", "2001:db8::1", false },
        { "user@[IPv6:::]", "user", "[IPv6:::]", "::", false },
        { "user@[IPv6:1::]", "user", "[IPv6:1::]", "1::", false },
        { "user@[IPv6:::ffff:192.0.2.1]", "user", "[IPv6:::ffff:192.0.2.1]", "::ffff:192.0.2.1", false },
        { "user@[IPv6:1:2:3:4:5:6:192.0.2.1]", "user", "[IPv6:1:2:3:4:5:6:c000:201]", "1:2:3:4:5:6:c000:201", false },
        { "user@[IPv6:1:2:3:4::192.0.2.1]", "user", "[IPv6:1:2:3:4::c000:201]", "1:2:3:4::c000:201", false },

        // Length limits, exactly at the limit
        { new string('a', 64) + "@x.com", new string('a', 64), "x.com", null, false },
        { new string('ü', 32) + "@x.com", new string('ü', 32), "x.com", null, true },
        { "a@" + Label63 + ".com", "a", Label63 + ".com", null, false },
        {
            new string('a', 64) + "@" + Label63 + "." + Label63 + "." + new string('d', 61),
            new string('a', 64), Label63 + "." + Label63 + "." + new string('d', 61), null, false
        },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects(string address, SyntaxErrorCode code, int index)
    {
        var valid = EmailSyntax.IsValid(address, out var error);

        Assert.False(valid, $"{address} was accepted");
        Assert.Equal(new SyntaxError(code, index), error);

        Assert.False(EmailSyntax.TryParse(address, out var parsed, out var parseError));
        Assert.Null(parsed);
        Assert.Equal(error, parseError);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Accepts_and_normalises(string input, string localPart, string domain, string? literal, bool requiresSmtpUtf8)
    {
        Assert.True(EmailSyntax.IsValid(input, out var error), $"{input}: {error.Code} at {error.Index}");
        Assert.Equal(SyntaxError.None, error);

        Assert.True(EmailSyntax.TryParse(input, out var address, out error), $"{input}: {error.Code} at {error.Index}");
        Assert.Equal(SyntaxError.None, error);
        Assert.Equal(input, address.Original);
        Assert.Equal(localPart, address.LocalPart);
        Assert.Equal(domain, address.Domain);
        Assert.Equal(literal is null ? null : IPAddress.Parse(literal), address.AddressLiteral);
        Assert.Equal(requiresSmtpUtf8, address.RequiresSmtpUtf8);
        Assert.Equal(localPart + "@" + domain, address.Mailbox);

        // The normalised mailbox is itself valid and normalises to itself.
        Assert.True(EmailSyntax.TryParse(address.Mailbox, out var again, out error), $"{address.Mailbox}: {error.Code} at {error.Index}");
        Assert.Equal(address.Mailbox, again.Mailbox);
    }

    [Fact]
    public void Rejects_unpaired_surrogates()
    {
        // Not in the theory table: test runners re-encode theory strings and would replace a lone surrogate with U+FFFD.
        foreach (var address in new[] { "a\ud800@x.com", "a\udc00@x.com", "\"a\ud800\"@x.com", "a@x\ud800.com" })
        {
            var index = address.IndexOf(address.First(char.IsSurrogate));
            Assert.False(EmailSyntax.IsValid(address, out var error));
            Assert.Equal(new SyntaxError(SyntaxErrorCode.InvalidCharacter, index), error);
        }
    }

    [Fact]
    public void Comparison_key_folds_local_part_case_only()
    {
        Assert.True(EmailSyntax.TryParse("John.Doe@Example.COM", out var address, out _));

        Assert.Equal("John.Doe@example.com", address.Mailbox);
        Assert.Equal("john.doe@example.com", address.ComparisonKey);
    }

    [Fact]
    public void Limits_are_the_rfc_values()
    {
        Assert.Equal(64, EmailSyntax.MaxLocalPartLength);
        Assert.Equal(255, EmailSyntax.MaxDomainLength);
        Assert.Equal(254, EmailSyntax.MaxPathLength);
        Assert.Equal(63, EmailSyntax.MaxLabelLength);
    }

    [Fact]
    public void IsValid_allocates_nothing_for_valid_ascii_addresses()
    {
        string[] addresses =
        [
            "user@example.com",
            "First.Last+tag@mail.Example.co.uk",
            "\"quoted string\"@example.org",
            "user@[192.0.2.1]",
            "user@[IPv6:2001:db8::1]",
            "user@[IPv6:1:2:3:4:5:6:192.0.2.1]",
            new string('a', 64) + "@" + Label63 + "." + Label63 + "." + new string('d', 61),
        ];

        foreach (var address in addresses)
        {
            Assert.True(EmailSyntax.IsValid(address, out _), address);
        }

        var allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                foreach (var address in addresses)
                {
                    Assert.True(EmailSyntax.IsValid(address, out _));
                }
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void IsValid_allocates_nothing_for_invalid_ascii_addresses()
    {
        string[] addresses = ["", "user", "a..b@x", "user@exa mple.com", "user@[1.2.3.256]", "\"open@x", "a\r\n@x"];
        foreach (var address in addresses)
        {
            Assert.False(EmailSyntax.IsValid(address, out _), address);
        }

        var allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                foreach (var address in addresses)
                {
                    _ = EmailSyntax.IsValid(address, out _);
                }
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryParse_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => EmailSyntax.TryParse(null!, out _, out _));
    }
}
