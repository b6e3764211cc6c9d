using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Verifier.Api.Tests.Caching;

/// <summary>The API with DNS on a loopback test server, SMTP probes to a loopback port, and Redis when given.</summary>
internal sealed class CachingApplication(string dnsServer, int smtpPort, string? redis) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Redis", redis ?? "");
        builder.UseSetting("Verifier:Dns:Servers:0", dnsServer);
        builder.UseSetting("Verifier:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Verifier:Smtp:AllowedNetworks:0", "127.0.0.0/8");
        builder.UseSetting("Verifier:Smtp:HeloName", "probe.verifier.test");
        builder.UseSetting("Verifier:Smtp:MailFrom", "verify@verifier.test");
        builder.UseSetting("Verifier:Cache:RedisRetryInterval", "00:00:00.200");

        // Generous: on a busy test machine a starved Redis call must not start an outage.
        builder.UseSetting("Verifier:Cache:RedisTimeout", "00:00:01");
    }
}
