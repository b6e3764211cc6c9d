using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Dns;

/// <summary>The loopback server's own behaviour, seen through a plain DnsClient lookup.</summary>
public sealed class LoopbackDnsServerTests : IAsyncLifetime
{
    private readonly LoopbackDnsServer _dns = LoopbackDnsServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    [Fact]
    public void Listens_on_loopback()
    {
        Assert.Equal(IPAddress.Loopback, _dns.EndPoint.Address);
        Assert.NotEqual(0, _dns.EndPoint.Port);
    }

    [Fact]
    public async Task Unknown_name_is_nxdomain_and_known_name_without_the_type_is_nodata()
    {
        _dns.A("known.test", "127.0.0.1");

        var unknown = await Query("unknown.test", QueryType.A);
        var nodata = await Query("known.test", QueryType.MX);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, unknown.Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NoError, nodata.Header.ResponseCode);
        Assert.Empty(nodata.Answers);
    }

    [Fact]
    public async Task Long_txt_is_split_into_strings_of_255_octets()
    {
        var text = new string('a', 300);
        _dns.Txt("txt.test", text, TimeSpan.FromSeconds(123));

        var response = await Query("txt.test", QueryType.TXT);

        var record = Assert.Single(response.Answers.TxtRecords());
        Assert.Equal([255, 45], record.Text.Select(t => t.Length));
        Assert.Equal(123, record.InitialTimeToLive);
    }

    [Fact]
    public async Task Behaviour_for_one_type_leaves_other_types_answered()
    {
        _dns.A("partial.test", "127.0.0.1").Aaaa("partial.test", "::1").Refused("partial.test", DnsRecordType.Aaaa);

        var a = await Query("partial.test", QueryType.A);
        var aaaa = await Query("partial.test", QueryType.AAAA);

        Assert.Single(a.Answers.ARecords());
        Assert.Equal(DnsHeaderResponseCode.Refused, aaaa.Header.ResponseCode);
    }

    [Fact]
    public async Task Removed_names_are_unknown_again()
    {
        _dns.A("gone.test", "127.0.0.1");
        await Query("gone.test", QueryType.A);

        _dns.Remove("GONE.test.");
        var response = await Query("gone.test", QueryType.A);

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
    }

    [Fact]
    public async Task Queries_are_counted_per_name_type_and_transport_ignoring_case()
    {
        _dns.A("count.test", "127.0.0.1");

        await Query("Count.Test", QueryType.A);
        await Query("count.test", QueryType.A);
        await Query("count.test", QueryType.MX);

        Assert.Equal(3, _dns.QueryCount("count.test."));
        Assert.Equal(2, _dns.QueryCount("COUNT.test", DnsRecordType.A));
        Assert.Equal(2, _dns.QueryCount("count.test", DnsRecordType.A, DnsTransport.Udp));
        Assert.Equal(0, _dns.QueryCount("count.test", DnsRecordType.A, DnsTransport.Tcp));
        Assert.Equal(3, _dns.TotalQueryCount);

        _dns.ResetQueryCounts();
        Assert.Equal(0, _dns.TotalQueryCount);
    }

    [Fact]
    public async Task Cname_chain_is_answered_whole_or_stopped_at_the_alias()
    {
        _dns.Cname("www.test", "host.test").A("host.test", "127.0.0.2");

        var chased = await Query("www.test", QueryType.A);
        _dns.ChaseCnames = false;
        var stopped = await Query("www.test", QueryType.A);

        Assert.Single(chased.Answers.CnameRecords());
        Assert.Single(chased.Answers.ARecords());
        Assert.Single(stopped.Answers.CnameRecords());
        Assert.Empty(stopped.Answers.ARecords());
    }

    [Fact]
    public async Task Soa_is_in_the_authority_section_of_negative_answers()
    {
        _dns.Soa("zone.test", TimeSpan.FromSeconds(60));

        var response = await Query("missing.zone.test", QueryType.A);

        var soa = Assert.Single(response.Authorities.OfType<SoaRecord>());
        Assert.Equal(60u, soa.Minimum);
    }

    [Fact]
    public void Names_that_cannot_go_on_the_wire_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => _dns.A("bücher.test", "127.0.0.1"));
        Assert.Throws<ArgumentException>(() => _dns.A(new string('a', 64) + ".test", "127.0.0.1"));
        Assert.Throws<ArgumentException>(() => _dns.A("a..test", "127.0.0.1"));
        Assert.Throws<ArgumentException>(() => _dns.A("v4.test", "::1"));
        Assert.Throws<ArgumentException>(() => _dns.Aaaa("v6.test", "127.0.0.1"));
    }

    private Task<IDnsQueryResponse> Query(string name, QueryType type)
    {
        var client = new LookupClient(new LookupClientOptions(_dns.EndPoint)
        {
            UseCache = false,
            Timeout = TimeSpan.FromSeconds(5),
            Retries = 0,
            ContinueOnEmptyResponse = false,
        });
        return client.QueryAsync(name, type);
    }
}
