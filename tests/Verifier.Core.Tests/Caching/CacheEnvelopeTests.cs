using System.Net;
using System.Text;
using System.Text.Json;
using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Verification;

namespace Verifier.Core.Tests.Caching;

public sealed class CacheEnvelopeTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static readonly VerificationResult Result = new()
    {
        Email = "Alice@Example.com",
        Normalized = "alice@example.com",
        Verdict = Verdict.Undeliverable,
        Reason = Reason.MailboxNotFound,
        LikelySmtp = new LikelySmtp(550, "5.1.1", "permanent", "Mailbox not found", true, "remove", false, "Remove it."),
        Checks = new VerificationChecks(
            new SyntaxCheck(true, "Alice", "example.com", null),
            new DomainCheck("resolved", [new MxRecord("mx1.example.com", 10)], false, false),
            new SmtpCheck(true, "mx1.example.com", 550, "5.1.1", "User unknown", false, 41)),
        Flags = new RiskFlags(false, true, false),
        Score = 3,
        CheckedAt = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void A_result_reads_back_as_written_with_its_expiry()
    {
        var bytes = CacheEnvelope.Write(Result, Expiry, CacheJsonContext.Default.VerificationResult);

        Assert.True(CacheEnvelope.TryRead(bytes, CacheJsonContext.Default.VerificationResult, out var read, out var expiresAt));
        Assert.Equal(Expiry, expiresAt);
        Assert.Equal(Json(Result), Json(read!));
        Assert.Equal(Result.Checks.Smtp, read!.Checks.Smtp);
        Assert.Equal(Result.LikelySmtp, read.LikelySmtp);
    }

    [Fact]
    public void Enums_are_stored_by_name()
    {
        var bytes = CacheEnvelope.Write(Result, Expiry, CacheJsonContext.Default.VerificationResult);

        var json = Encoding.UTF8.GetString(bytes.AsSpan(10));
        Assert.Contains("\"verdict\":\"Undeliverable\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"MailboxNotFound\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Mail_routing_reads_back_with_its_addresses()
    {
        var info = new DomainMailInfo(
            "example.com",
            DomainStatus.Resolved,
            [new MailExchanger("mx1.example.com", 10, [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")])],
            ImplicitMx: false,
            TimeSpan.FromMinutes(5));

        var bytes = CacheEnvelope.Write(info, Expiry, CacheJsonContext.Default.DomainMailInfo);

        Assert.True(CacheEnvelope.TryRead(bytes, CacheJsonContext.Default.DomainMailInfo, out var read, out _));
        Assert.Equal(DomainStatus.Resolved, read!.Status);
        Assert.Equal(TimeSpan.FromMinutes(5), read.TimeToLive);
        var exchanger = Assert.Single(read.MailExchangers);
        Assert.Equal(("mx1.example.com", 10), (exchanger.Host, exchanger.Preference));
        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], exchanger.Addresses);
    }

    [Fact]
    public void Domain_facts_read_back()
    {
        var facts = new DomainFacts(true, "mx1.example.com", Expiry, Greylists: false);

        var bytes = CacheEnvelope.Write(facts, Expiry, CacheJsonContext.Default.DomainFacts);

        Assert.True(CacheEnvelope.TryRead(bytes, CacheJsonContext.Default.DomainFacts, out var read, out _));
        Assert.Equal(facts, read);
    }

    public static TheoryData<string, byte[]> Unreadable => new()
    {
        { "empty", [] },
        { "header only", Header(1) },
        { "plain JSON without the header", Encoding.UTF8.GetBytes("{\"verdict\":\"Deliverable\"}") },
        { "another format version", [.. Header(2), .. Encoding.UTF8.GetBytes("{}")] },
        { "truncated JSON", [.. Header(1), .. Encoding.UTF8.GetBytes("{\"email\":\"a@b\",\"verd")] },
        { "JSON missing required members", [.. Header(1), .. Encoding.UTF8.GetBytes("{\"email\":\"a@b\"}")] },
        { "JSON null", [.. Header(1), .. Encoding.UTF8.GetBytes("null")] },
        { "unknown enum name", [.. Header(1), .. Encoding.UTF8.GetBytes(Json(Result).Replace("\"Undeliverable\"", "\"Bouncy\"", StringComparison.Ordinal))] },
        { "binary noise", [.. Header(1), 0xFF, 0xFE, 0x00, 0x81] },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void Anything_else_is_not_an_entry(string what, byte[] bytes)
    {
        Assert.False(CacheEnvelope.TryRead(bytes, CacheJsonContext.Default.VerificationResult, out var value, out _), what);
        Assert.Null(value);
    }

    [Fact]
    public void An_ip_address_that_does_not_parse_is_not_an_entry()
    {
        var json = "{\"domain\":\"example.com\",\"status\":\"Resolved\",\"mailExchangers\":[{\"host\":\"mx\",\"preference\":1,\"addresses\":[\"300.1.1.1\"]}],\"implicitMx\":false,\"timeToLive\":\"00:05:00\"}";

        Assert.False(CacheEnvelope.TryRead([.. Header(1), .. Encoding.UTF8.GetBytes(json)], CacheJsonContext.Default.DomainMailInfo, out _, out _));
    }

    private static byte[] Header(byte version) => [CacheEnvelope.Magic, version, 0, 0, 1, 0x9A, 0xE8, 0x0B, 0x1C, 0x00];

    private static string Json(VerificationResult result) => JsonSerializer.Serialize(result, CacheJsonContext.Default.VerificationResult);
}
