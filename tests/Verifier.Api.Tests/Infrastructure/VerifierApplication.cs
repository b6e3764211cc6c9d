using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>The real application in a test host, configured by key/value pairs exactly as in appsettings.</summary>
public sealed class VerifierApplication(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }
}
