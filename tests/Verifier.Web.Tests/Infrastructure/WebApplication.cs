using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Verifier.Web.Tests.Infrastructure;

/// <summary>
/// The real application on Kestrel at 127.0.0.1 and a free port, so a browser can reach it (the test host's
/// in-memory server has no socket). Configured by key/value pairs exactly as in appsettings.
/// </summary>
public sealed class KestrelVerifierApplication : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    public KestrelVerifierApplication(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the application listens, e.g. http://127.0.0.1:41234; valid after <see cref="Start"/>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts Kestrel and reads the port it was given.</summary>
    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        Address = new Uri(addresses.Single());
        if (!IPAddress.IsLoopback(IPAddress.Parse(Address.Host)))
        {
            throw new InvalidOperationException($"The application must listen on loopback only, not {Address}.");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }
}
