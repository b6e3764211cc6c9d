using System.Net;
using DnsClient;
using Verifier.Core.Dns;
using Verifier.Testing.Dns;

namespace Verifier.Core.Tests.Dns;

public sealed class LookupClientFactoryTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", 53)]
    [InlineData(" 127.0.0.1:5353 ", "127.0.0.1", 5353)]
    [InlineData("dns.internal", "dns.internal", 53)]
    [InlineData("dns.internal:5353", "dns.internal", 5353)]
    [InlineData("::1", "::1", 53)]
    [InlineData("[::1]", "::1", 53)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("[2001:db8::53]:65535", "2001:db8::53", 65535)]
    public void Server_entries_are_split_into_host_and_port(string entry, string host, int port)
    {
        Assert.Equal((host, port), LookupClientFactory.ParseServer(entry));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:dns")]
    [InlineData("[::1")]
    [InlineData("[::1]5353")]
    [InlineData("[127.0.0.1]:53")]
    [InlineData("1:2:3:zz")]
    [InlineData(":53")]
    [InlineData("bad host:53")]
    public void Malformed_server_entries_are_rejected(string entry)
    {
        Assert.Throws<FormatException>(() => LookupClientFactory.ParseServer(entry));
    }

    [Fact]
    public void Create_rejects_a_malformed_server_entry()
    {
        Assert.Throws<FormatException>(() => LookupClientFactory.Create(new DnsOptions { Servers = ["[::1"] }));
    }

    [Fact]
    public void Create_applies_the_options()
    {
        var client = LookupClientFactory.Create(new DnsOptions
        {
            Servers = ["127.0.0.1:5300", "[::1]:5301"],
            Timeout = TimeSpan.FromMilliseconds(750),
            Retries = 3,
        });

        var settings = client.Settings;
        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, 5300), new IPEndPoint(IPAddress.IPv6Loopback, 5301)],
            client.NameServers.Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port)));
        Assert.False(settings.UseCache);
        Assert.False(settings.ThrowDnsErrors);
        Assert.True(settings.UseTcpFallback);
        Assert.Equal(TimeSpan.FromMilliseconds(750), settings.Timeout);
        Assert.Equal(3, settings.Retries);
    }

    [Fact]
    public async Task Host_name_servers_are_resolved_when_the_client_is_built()
    {
        await using var dns = LoopbackDnsServer.Start();
        dns.A("probe.test", "127.0.0.7");

        var client = LookupClientFactory.Create(new DnsOptions
        {
            Servers = [$"localhost:{dns.EndPoint.Port}"],
            Timeout = TimeSpan.FromSeconds(5),
            Retries = 0,
        });
        var response = await client.QueryAsync("probe.test", QueryType.A);

        Assert.All(client.NameServers, s => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(s.Address))));
        Assert.Equal("127.0.0.7", Assert.Single(response.Answers.ARecords()).Address.ToString());
    }
}
