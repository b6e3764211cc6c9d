using Microsoft.Extensions.Options;

namespace Verifier.Api.Tokens;

/// <summary>Signing keys are base64 of at least 32 bytes; previous keys only make sense beside a current one.</summary>
internal sealed class TokenOptionsValidation : IValidateOptions<TokenOptions>
{
    private const string Advice = "use base64 of at least 32 random bytes, e.g. the output of 'openssl rand -base64 32'";

    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.SigningKey) && TokenOptions.Decode(options.SigningKey) is null)
        {
            failures.Add($"Verifier:Tokens:SigningKey is not a usable key: {Advice} (environment variable Verifier__Tokens__SigningKey).");
        }

        for (var i = 0; i < options.PreviousSigningKeys.Count; i++)
        {
            if (TokenOptions.Decode(options.PreviousSigningKeys[i]) is null)
            {
                failures.Add($"Verifier:Tokens:PreviousSigningKeys:{i} is not a usable key: {Advice}.");
            }
        }

        if (options.PreviousSigningKeys.Count > 0 && string.IsNullOrEmpty(options.SigningKey))
        {
            failures.Add("Verifier:Tokens:PreviousSigningKeys is set without Verifier:Tokens:SigningKey: previous keys are kept beside a current one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
