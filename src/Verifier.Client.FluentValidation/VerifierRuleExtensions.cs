using FluentValidation;
using Verifier.Client;
using Verifier.Client.FluentValidation;

// In FluentValidation's namespace, beside its own rules, so a validator needs no extra using.
namespace FluentValidation;

/// <summary>Verifier rules for <c>RuleFor(x => x.Email)</c>.</summary>
public static class VerifierRuleExtensions
{
    /// <summary>
    /// The address must be one <paramref name="policy"/> accepts, verified through <paramref name="client"/> (a call to
    /// the API per validation). Passes when the answer is unknown or the API cannot answer, unless the policy says otherwise.
    /// Use with <c>ValidateAsync</c>.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Deliverable<T>(this IRuleBuilder<T, string?> rule, IVerifierClient client, AcceptancePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.SetAsyncValidator(new DeliverableValidator<T>(client, policy));
    }

    /// <summary>
    /// The same, confirming the signup widget's token (read by <paramref name="token"/>) instead of verifying again; without
    /// a token, or with one that expired or was for another address, the address is verified (see <see cref="AcceptancePolicy.WhenTokenMissing"/>).
    /// An altered token, or one issued to another tenant's key, fails the rule.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> DeliverableByToken<T>(this IRuleBuilder<T, string?> rule, IVerifierClient client, Func<T, string?> token, AcceptancePolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(token);
        return rule.SetAsyncValidator(new DeliverableValidator<T>(client, policy, token));
    }
}
