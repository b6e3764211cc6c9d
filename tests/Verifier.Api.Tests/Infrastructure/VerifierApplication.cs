using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>The real application in a test host, configured by key/value pairs exactly as in appsettings.</summary>
public sealed class VerifierApplication(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);

        // UseSetting, not a late configuration source: Program reads some keys (ConnectionStrings:Redis) while it
        // registers services, before the host is built.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value ?? string.Empty);
        }
    }
}
