using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Client.Tests.Infrastructure;

/// <summary>
/// The real API in process (test host), configured with a secret key, a publishable key and a token signing key, and
/// a small internet on loopback behind it: a DNS server and an SMTP server on 127.0.0.1 answering each mailbox as scripted.
/// </summary>
public sealed class ClientWorld : IAsyncLifetime
{
    public const string SecretKey = "sk_client_tests_0123456789";
    public const string PublishableKey = "pk_client_tests_signup_01";
    public const string SiteOrigin = "https://shop.example";

    private readonly string _jobs = Path.Combine(Path.GetTempPath(), "verifier-client-tests-" + Guid.NewGuid().ToString("N"));

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public ApiUnderTest Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = LoopbackDnsServer.Start();
        Smtp = await LoopbackSmtpServer.StartAsync();
        foreach (var domain in new[] { "ok.test", "mailinator.com" })
        {
            Dns.Mx(domain, 10, "mx." + domain).A("mx." + domain, "127.0.0.1");
        }

        Dns.Txt("ok.test", "v=spf1 ip4:127.0.0.1 -all");
        Smtp.Reply("alice@ok.test", 250, "2.1.5 Ok")
            .Reply("erin@ok.test", 450, "4.2.0 <erin@ok.test>: Recipient address rejected: Greylisted, try again later")
            .ReplyToLocalPart("info", 250, "2.1.5 Ok")
            .ReplyToDomain("mailinator.com", 250, "2.1.5 Ok");

        Api = new ApiUnderTest(Settings());
        Api.CreateClient().Dispose(); // start it
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
        try
        {
            Directory.Delete(_jobs, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The API's settings: loopback DNS and SMTP, keys, tokens, small job chunks.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Verifier:Dns:Servers:0"] = Dns.EndPoint.ToString(),
        ["Verifier:Dns:Timeout"] = "00:00:05",
        ["Verifier:Dns:Retries"] = "0",
        ["Verifier:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Verifier:Smtp:HeloName"] = "probe.verifier.test",
        ["Verifier:Smtp:MailFrom"] = "verify@verifier.test",
        ["Verifier:Smtp:AllowedNetworks:0"] = "127.0.0.0/8",
        ["Verifier:Smtp:ConnectTimeout"] = "00:00:02",
        ["Verifier:Smtp:CommandTimeout"] = "00:00:03",
        ["Verifier:Auth:ApiKeys:0"] = SecretKey,
        ["Verifier:Auth:PublishableKeys:0:Key"] = PublishableKey,
        ["Verifier:Auth:PublishableKeys:0:Origins:0"] = SiteOrigin,
        ["Verifier:RateLimit:PermitsPerMinute"] = "100000",
        ["Verifier:RateLimit:PublishablePermitsPerMinute"] = "100000",
        ["Verifier:Tokens:SigningKey"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("client tests"))),
        ["Verifier:Jobs:DataDirectory"] = _jobs,
        ["Verifier:Jobs:ChunkSize"] = "5",
    };

    /// <summary>A service provider with <see cref="IVerifierClient"/> registered as a backend would, talking to the test host.</summary>
    public ServiceProvider Services(string? apiKey = SecretKey, Action<IHttpClientBuilder>? more = null, int maxRetries = 2)
    {
        var services = new ServiceCollection();
        var builder = services.AddVerifierClient(options =>
        {
            options.BaseAddress = Api.Server.BaseAddress;
            options.ApiKey = apiKey;
            options.MaxRetries = maxRetries;
        });
        builder.ConfigurePrimaryHttpMessageHandler(() => Api.Server.CreateHandler());
        more?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    /// <summary>GET /v1/verify as a page of <see cref="SiteOrigin"/> sends it with the publishable key: the answer carries a token.</summary>
    public async Task<string> TokenForAsync(string email)
    {
        using var http = Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/verify?email=" + Uri.EscapeDataString(email));
        request.Headers.Add("X-Api-Key", PublishableKey);
        request.Headers.Add("Origin", SiteOrigin);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }
}

/// <summary>The real application in a test host, configured by key/value pairs exactly as in appsettings.</summary>
public sealed class ApiUnderTest(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value ?? string.Empty);
        }
    }
}

/// <summary>Counts the requests a client sends, by method and path, as they leave it.</summary>
public sealed class RequestCounter : DelegatingHandler
{
    private readonly List<string> _sent = [];

    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            _sent.Add(request.Method + " " + request.RequestUri!.AbsolutePath);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class AgainstTheApi : ICollectionFixture<ClientWorld>
{
    public const string Name = "Client against the API";
}
