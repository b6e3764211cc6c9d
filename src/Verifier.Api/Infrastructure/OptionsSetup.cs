using Verifier.Api.Operations;
using Verifier.Api.Security;
using Verifier.Api.Startup;
using Verifier.Core.Caching;
using Verifier.Core.Dns;
using Verifier.Core.Domains;
using Verifier.Core.Jobs;
using Verifier.Core.Smtp;
using Verifier.Core.Verification;

namespace Verifier.Api.Infrastructure;

/// <summary>Binds the engine's options classes to their sections and validates them at start: a bad value stops the process, naming the key (<see cref="StartupChecks"/>).</summary>
internal static class OptionsSetup
{
    public static WebApplicationBuilder AddVerifierOptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<DnsOptions>(DnsOptions.SectionName);
        services.AddSettings<SmtpOptions>(SmtpOptions.SectionName);
        services.AddSettings<CacheOptions>(CacheOptions.SectionName);
        services.AddSettings<BatchOptions>(BatchOptions.SectionName);
        services.AddSettings<VerificationOptions>(VerificationOptions.SectionName);
        services.AddSettings<BlocklistOptions>(BlocklistOptions.SectionName);
        services.AddSettings<JobsOptions>(JobsOptions.SectionName);
        services.AddSettings<WorkerOptions>(WorkerOptions.SectionName);
        services.AddSettings<AuthOptions>(AuthOptions.SectionName);
        services.AddSettings<RateLimitOptions>(RateLimitOptions.SectionName);
        services.AddSettings<MetricsOptions>(MetricsOptions.SectionName);

        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<SmtpOptions>, SmtpIdentityDefaults>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmtpOptions>, SmtpIdentityValidation>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DnsOptions>, DnsServersValidation>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>, MetricsOptionsValidation>();
        return builder;
    }
}
