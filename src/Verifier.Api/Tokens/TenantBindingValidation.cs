using Microsoft.Extensions.Options;
using Verifier.Api.Security;

namespace Verifier.Api.Tokens;

/// <summary>A publishable key's <see cref="PublishableKeyOptions.Tenant"/> must name a configured secret key.</summary>
internal sealed class TenantBindingValidation : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var secrets = TokenBindings.SecretKeyNames(options);
        var failures = new List<string>();
        for (var i = 0; i < options.PublishableKeys.Count; i++)
        {
            var tenant = options.PublishableKeys[i].Tenant;
            if (!string.IsNullOrWhiteSpace(tenant) && !secrets.Contains(tenant.Trim(), StringComparer.Ordinal))
            {
                failures.Add($"Verifier:Auth:PublishableKeys:{i}:Tenant '{tenant}' is not the name of a configured secret key; " + Known(secrets));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Names reveal nothing of a key, so the message can list them for the operator to choose from.</summary>
    public static string Known(IReadOnlyList<string> secrets) => secrets.Count == 0
        ? "no secret key is configured (Verifier:Auth:ApiKeys)."
        : "the secret keys go by " + string.Join(", ", secrets) + " (in the order of Verifier:Auth:ApiKeys).";
}
