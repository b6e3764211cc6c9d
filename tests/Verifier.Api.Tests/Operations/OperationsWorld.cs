using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Dns;
using Verifier.Testing.Redis;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Operations;

/// <summary>
/// DNS, SMTP and redis-server on loopback, and any number of API instances sharing that Redis, each optionally
/// with a <see cref="CapturingLoggerProvider"/>. Framework logging is turned up to Information so that what the
/// tests see about logs is what an operator who turns it up would see.
/// </summary>
public sealed class OperationsWorld : IAsyncLifetime
{
    /// <summary>
    /// The classes that read the engine's process-wide meter and activity source run one after another, so that
    /// what they observe for <c>ops.test</c> comes from their own requests only.
    /// </summary>
    public const string Collection = "Operations";

    public const string Accepted = "alice@ops.test";
    public const string Unknown = "bob@ops.test";
    public const string Full = "dave@ops.test";

    private readonly List<IAsyncDisposable> applications = [];

    public LoopbackDnsServer Dns { get; private set; } = null!;

    public LoopbackSmtpServer Smtp { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    /// <summary>Where the instances keep CSV job files; deleted with the world.</summary>
    public string JobsDirectory { get; } = Path.Combine(Path.GetTempPath(), "verifier-ops-jobs-" + Guid.NewGuid().ToString("N"));

    /// <summary>Every address the tests send, for asserting that none appears where it must not.</summary>
    public static IReadOnlyList<string> Addresses { get; } = [Accepted, Unknown, Full, "user@[127.0.0.1]", "a..b@ops.test"];

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Dns = LoopbackDnsServer.Start();
        Smtp = await LoopbackSmtpServer.StartAsync();

        Dns.Mx("ops.test", 10, "mx.ops.test").A("mx.ops.test", IPAddress.Loopback.ToString());
        Smtp.Reply(Accepted, 250, "2.1.5 Ok")
            .Reply(Unknown, 550, "5.1.1 <bob@ops.test>: Recipient address rejected: User unknown in virtual mailbox table")
            .Reply(Full, 552, "5.2.2 <dave@ops.test>: Mailbox full: quota exceeded");
    }

    public async Task DisposeAsync()
    {
        foreach (var application in applications)
        {
            await application.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
        await Redis.DisposeAsync();
        if (Directory.Exists(JobsDirectory))
        {
            Directory.Delete(JobsDirectory, recursive: true);
        }
    }

    /// <summary>A new API instance on this world's DNS, SMTP and Redis; disposed with the world.</summary>
    public WebApplicationFactory<Program> CreateApplication(ILoggerProvider? logs = null, string environment = "Development")
    {
        var settings = MailWorld.Settings(Dns.EndPoint, Smtp.Port);
        settings["Verifier:Cache:RedisTimeout"] = "00:00:01";
        settings["Verifier:Jobs:DataDirectory"] = JobsDirectory;
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";

        var application = new VerifierApplication(settings, environment);
        applications.Add(application);

        // The services are chosen while Program runs, before in-memory configuration applies: Redis is set as a host setting.
        return application.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:Redis", Redis.ConnectionString);
            if (logs is not null)
            {
                builder.ConfigureServices(services => services.AddSingleton(logs));
            }
        });
    }
}
