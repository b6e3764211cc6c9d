using System.Security.Cryptography;
using Verifier.Core.Dns;
using Verifier.Core.Domains;

namespace Verifier.Core.Tests.Domains;

/// <summary>DKIM key records (RFC 6376 §3.6.1, RFC 8301, RFC 8463) read without DNS.</summary>
public sealed class DkimCheckTests
{
    private static readonly string Rsa2048 = PublicKey(2048);
    private static readonly string Rsa1024 = PublicKey(1024);
    private static readonly string Rsa512 = PublicKey(512);

    [Fact]
    public void A_2048_bit_rsa_key_is_valid()
    {
        var report = Parse($"v=DKIM1; k=rsa; p={Rsa2048}");

        Assert.True(report.Valid);
        Assert.Equal(("rsa", 2048), (report.KeyType, report.KeyBits!.Value));
        Assert.Empty(report.Problems);
    }

    [Fact]
    public void The_key_type_defaults_to_rsa_and_the_key_may_be_split_by_spaces()
    {
        var split = string.Join(' ', Rsa2048.Chunk(64).Select(c => new string(c)));

        var report = Parse($"p={split}");

        Assert.True(report.Valid);
        Assert.Equal(2048, report.KeyBits);
    }

    [Fact]
    public void A_1024_bit_key_is_valid_but_weak()
    {
        var report = Parse($"v=DKIM1; k=rsa; p={Rsa1024}");

        Assert.True(report.Valid);
        Assert.Equal((DkimCheck.WeakKey, SenderProblemSeverity.Warning), (report.Problems[0].Code, report.Problems[0].Severity));
    }

    [Fact]
    public void A_key_under_1024_bits_is_not_valid()
    {
        var report = Parse($"v=DKIM1; p={Rsa512}");

        Assert.False(report.Valid);
        Assert.Equal((DkimCheck.WeakKey, SenderProblemSeverity.Error), (report.Problems[0].Code, report.Problems[0].Severity));
    }

    [Fact]
    public void An_empty_key_is_revoked()
    {
        var report = Parse("v=DKIM1; k=rsa; p=");

        Assert.True(report.Found);
        Assert.True(report.Revoked);
        Assert.False(report.Valid);
        Assert.Equal(DkimCheck.Revoked, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public void An_ed25519_key_is_32_bytes()
    {
        var key = Convert.ToBase64String(new byte[32]);

        Assert.True(Parse($"v=DKIM1; k=ed25519; p={key}").Valid);
        Assert.False(Parse($"v=DKIM1; k=ed25519; p={Convert.ToBase64String(new byte[31])}").Valid);
    }

    [Theory]
    [InlineData("v=DKIM2; p=AAAA")]
    [InlineData("k=rsa; v=DKIM1; p=AAAA")]
    [InlineData("v=DKIM1; k=dsa; p=AAAA")]
    [InlineData("v=DKIM1; k=rsa; p=not base64!")]
    [InlineData("v=DKIM1; k=rsa; p=AAAA")]
    [InlineData("v=DKIM1; k=rsa")]
    public void Malformed_records_are_syntax_errors(string text)
    {
        var report = Parse(text);

        Assert.False(report.Valid);
        Assert.Contains(report.Problems, p => p.Code == DkimCheck.Syntax);
    }

    [Fact]
    public void Testing_mode_is_reported()
    {
        var report = Parse($"v=DKIM1; t=y; p={Rsa2048}");

        Assert.True(report.Testing);
        Assert.Equal(DkimCheck.Testing, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public void No_record_at_the_selector_is_not_found()
    {
        var report = DkimCheck.FromAnswer("s1", "example.com", new DnsAnswer<string>(DnsLookupOutcome.NoSuchDomain, []));

        Assert.Equal("s1._domainkey.example.com", report.Name);
        Assert.False(report.Found);
        Assert.Equal(DkimCheck.NotFound, Assert.Single(report.Problems).Code);
    }

    [Fact]
    public void Without_a_selector_dkim_is_not_checked()
    {
        var report = DkimCheck.NotChecked();

        Assert.False(report.Checked);
        Assert.Equal(DkimCheck.SelectorNeeded, Assert.Single(report.Problems).Code);
    }

    [Theory]
    [InlineData("selector1", true)]
    [InlineData("s2024.mail", true)]
    [InlineData("google", true)]
    [InlineData("k1_x", true)]
    [InlineData("", false)]
    [InlineData("a..b", false)]
    [InlineData("bad selector", false)]
    [InlineData("bad/selector", false)]
    public void Selectors_are_dns_labels(string selector, bool valid)
    {
        Assert.Equal(valid, DkimCheck.IsValidSelector(selector));
    }

    private static DkimReport Parse(string text) => DkimCheck.Parse("s1", "s1._domainkey.example.com", text);

    private static string PublicKey(int bits)
    {
        using var rsa = RSA.Create(bits);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }
}
