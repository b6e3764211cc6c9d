using Microsoft.Extensions.Options;
using Verifier.Core.Smtp;

namespace Verifier.Api.Infrastructure;

/// <summary>Refuses to start without a probe identity outside Development (DESIGN.md, Configuration).</summary>
internal sealed class SmtpIdentityValidation(IHostEnvironment environment) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HeloName))
        {
            failures.Add($"Verifier:Smtp:HeloName is required in {environment.EnvironmentName}: set it to a real host name of this machine with matching reverse DNS (environment variable Verifier__Smtp__HeloName).");
        }

        if (string.IsNullOrWhiteSpace(options.MailFrom))
        {
            failures.Add($"Verifier:Smtp:MailFrom is required in {environment.EnvironmentName}: an address at a domain you control (environment variable Verifier__Smtp__MailFrom).");
        }
        else if (!options.MailFrom.Contains('@', StringComparison.Ordinal) || options.MailFrom.Any(char.IsControl))
        {
            failures.Add("Verifier:Smtp:MailFrom must be an address such as verify@mail.example.com.");
        }

        if (options.HeloName is { } helo && (helo.Any(char.IsControl) || helo.Contains(' ', StringComparison.Ordinal)))
        {
            failures.Add("Verifier:Smtp:HeloName must be a host name without spaces or control characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
