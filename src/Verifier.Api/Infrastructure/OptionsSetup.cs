using Verifier.Api.Operations;
using Verifier.Api.Security;
using Verifier.Core.Caching;
using Verifier.Core.Dns;
using Verifier.Core.Domains;
using Verifier.Core.Jobs;
using Verifier.Core.Smtp;
using Verifier.Core.Verification;

namespace Verifier.Api.Infrastructure;

/// <summary>Binds every options class to its section and validates it at start: a bad value stops the process, naming the key.</summary>
internal static class OptionsSetup
{
    public static WebApplicationBuilder AddVerifierOptions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DnsOptions>().BindConfiguration(DnsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BlocklistOptions>().BindConfiguration(BlocklistOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();

        services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<SmtpOptions>, SmtpIdentityDefaults>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmtpOptions>, SmtpIdentityValidation>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DnsOptions>, DnsServersValidation>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>, MetricsOptionsValidation>();
        return builder;
    }
}
