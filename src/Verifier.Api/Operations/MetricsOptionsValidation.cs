using Microsoft.Extensions.Options;
using Verifier.Api.Security;
using Verifier.Api.Startup;

namespace Verifier.Api.Operations;

/// <summary>A metrics endpoint that requires a secret key while none is configured could never be read: refused at start.</summary>
internal sealed class MetricsOptionsValidation(IConfiguration configuration) : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var secretKeys = configuration.GetSection(AuthOptions.SectionName).GetSection(nameof(AuthOptions.ApiKeys)).GetChildren();
        return options.RequireApiKey && !secretKeys.Any()
            ? ValidateOptionsResult.Fail(new SettingProblem(
                $"{MetricsOptions.SectionName}:{nameof(MetricsOptions.RequireApiKey)}",
                $"is true but no secret key is configured, so no one could read /metrics; configure one ({AuthOptions.SectionName}:{nameof(AuthOptions.ApiKeys)}:0) or set it to false").ToString())
            : ValidateOptionsResult.Success;
    }
}
