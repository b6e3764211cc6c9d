using Microsoft.Extensions.Options;
using Verifier.Api.Startup;
using Verifier.Core.Smtp;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Refuses to start without a probe identity outside Development (DESIGN.md, Configuration). Its form is checked
/// by <see cref="SmtpOptions"/> itself.
/// </summary>
internal sealed class SmtpIdentityValidation(IHostEnvironment environment) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HeloName))
        {
            failures.Add(new SettingProblem(
                $"{SmtpOptions.SectionName}:{nameof(SmtpOptions.HeloName)}",
                $"is required in {environment.EnvironmentName} and not set; set it to this machine's real host name, one whose reverse DNS matches it (a made-up name gets the probe blocked)").ToString());
        }

        if (string.IsNullOrWhiteSpace(options.MailFrom))
        {
            failures.Add(new SettingProblem(
                $"{SmtpOptions.SectionName}:{nameof(SmtpOptions.MailFrom)}",
                $"is required in {environment.EnvironmentName} and not set; set it to an address at a domain you control, such as verify@example.com").ToString());
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
