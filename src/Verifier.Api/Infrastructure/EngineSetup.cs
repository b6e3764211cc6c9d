using Microsoft.Extensions.DependencyInjection.Extensions;
using DnsClient;
using FluentValidation;
using Microsoft.Extensions.Options;
using Verifier.Api.Verification;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Smtp;
using Verifier.Core.Verification;

namespace Verifier.Api.Infrastructure;

/// <summary>Registers the verification engine: syntax → DNS → SMTP → classify. Its caches come from <see cref="CacheSetup"/>.</summary>
internal static class EngineSetup
{
    public static IServiceCollection AddVerifierEngine(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);

        // DNS
        services.AddSingleton<ILookupClient>(sp => LookupClientFactory.Create(sp.GetRequiredService<IOptions<DnsOptions>>().Value));
        services.AddSingleton<IMailDomainResolver, MailDomainResolver>();

        // SMTP
        services.AddSingleton(sp => NetworkGuard.FromCidrs(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.AllowedNetworks));
        services.AddSingleton<HostSessionLimiter>();
        // In-process politeness limit; AddVerifierRedis puts the shared one in its place when Redis is configured.
        services.TryAddSingleton<IHostSessionLimiter>(sp => sp.GetRequiredService<HostSessionLimiter>());
        services.AddSingleton<SmtpMailboxProber>();
        services.AddSingleton<SmtpEgressMonitor>();
        services.AddSingleton<IMailboxProber, EgressMonitoringProber>();

        // Pipeline
        services.AddSingleton<VerificationPipeline>();
        services.AddSingleton<IEmailVerifier>(sp => sp.GetRequiredService<VerificationPipeline>());
        services.AddSingleton<IBatchVerifier>(sp => sp.GetRequiredService<VerificationPipeline>());
        services.AddHostedService<BackgroundRunsShutdown>();

        services.AddValidatorsFromAssemblyContaining<VerifyRequestValidator>(ServiceLifetime.Singleton);
        return services;
    }
}
