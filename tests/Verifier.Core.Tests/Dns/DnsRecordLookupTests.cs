using System.Net;
using Verifier.Core.Dns;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Dns;

/// <summary>
/// The TXT and A lookups of the sender-side checks against a DNS server on loopback: each way a query can end is its
/// own <see cref="DnsLookupOutcome"/>, as for the mail-routing lookups of <see cref="MailDomainResolver"/>.
/// </summary>
public sealed class DnsRecordLookupTests : IAsyncLifetime
{
    private readonly LoopbackDnsServer dns = LoopbackDnsServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await dns.DisposeAsync();

    [Fact]
    public async Task Txt_records_come_back_with_their_strings_joined()
    {
        dns.Txt("example.test", "v=spf1 include:_spf.example.test -all");

        var answer = await Lookup().GetTextAsync("example.test", CancellationToken.None);

        Assert.Equal(DnsLookupOutcome.Answer, answer.Outcome);
        Assert.Equal(["v=spf1 include:_spf.example.test -all"], answer.Records);
        Assert.False(answer.IsFailure);
    }

    [Fact]
    public async Task Addresses_come_back_as_ip_addresses()
    {
        dns.A("2.0.0.127.zen.test", "127.0.0.2");

        var answer = await Lookup().GetAddressesAsync("2.0.0.127.zen.test", CancellationToken.None);

        Assert.Equal(DnsLookupOutcome.Answer, answer.Outcome);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], answer.Records);
    }

    [Fact]
    public async Task A_name_without_the_type_is_nodata_and_an_unknown_name_nxdomain()
    {
        dns.A("example.test", "127.0.0.1");

        var nodata = await Lookup().GetTextAsync("example.test", CancellationToken.None);
        var nxdomain = await Lookup().GetTextAsync("nowhere.test", CancellationToken.None);

        Assert.Equal((DnsLookupOutcome.NoData, true), (nodata.Outcome, nodata.IsEmpty));
        Assert.Equal((DnsLookupOutcome.NoSuchDomain, true), (nxdomain.Outcome, nxdomain.IsEmpty));
    }

    [Fact]
    public async Task Servfail_and_silence_are_failures_that_say_what_went_wrong()
    {
        dns.ServFail("broken.test").NoResponse("silent.test");

        var broken = await Lookup().GetTextAsync("broken.test", CancellationToken.None);
        var silent = await Lookup(TimeSpan.FromMilliseconds(300)).GetTextAsync("silent.test", CancellationToken.None);

        Assert.Equal((DnsLookupOutcome.ServerFailure, true), (broken.Outcome, broken.IsFailure));
        Assert.Equal("SERVERFAILURE", broken.Error);
        Assert.Equal((DnsLookupOutcome.Timeout, true), (silent.Outcome, silent.IsFailure));
        Assert.Equal("no answer for TXT silent.test", silent.Error);
    }

    [Fact]
    public async Task The_callers_cancellation_is_thrown_not_reported_as_a_time_out()
    {
        dns.NoResponse("silent.test");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Lookup(TimeSpan.FromSeconds(10)).GetTextAsync("silent.test", cancel.Token));
    }

    /// <summary>A lookup on the loopback server; the generous default keeps answers in time on a loaded machine.</summary>
    private DnsRecordLookup Lookup(TimeSpan? timeout = null) =>
        new(LookupClientFactory.Create(new DnsOptions { Servers = [dns.EndPoint.ToString()], Timeout = timeout ?? TimeSpan.FromSeconds(5), Retries = 0 }));
}
