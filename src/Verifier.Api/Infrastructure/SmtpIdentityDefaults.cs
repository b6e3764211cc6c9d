using Microsoft.Extensions.Options;
using Verifier.Core.Smtp;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// In Development the probe identity defaults to the machine's name. Anywhere else it must be
/// configured: a made-up identity gets the prober's IP address blocklisted.
/// </summary>
internal sealed class SmtpIdentityDefaults(IHostEnvironment environment) : IPostConfigureOptions<SmtpOptions>
{
    public void PostConfigure(string? name, SmtpOptions options)
    {
        if (!environment.IsDevelopment())
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.HeloName))
        {
            options.HeloName = Environment.MachineName.ToLowerInvariant();
        }

        if (string.IsNullOrWhiteSpace(options.MailFrom))
        {
            options.MailFrom = "verify@" + options.HeloName;
        }
    }
}
