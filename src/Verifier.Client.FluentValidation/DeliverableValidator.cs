using System.Net;
using FluentValidation;
using FluentValidation.Validators;

namespace Verifier.Client.FluentValidation;

/// <summary>
/// Checks an address through the Verifier API: confirms the widget's token when the form has one, verifies the address
/// otherwise, and applies an <see cref="AcceptancePolicy"/>. A token refused as expired or for another address is not
/// an attack (the person took long, or edited the field): the address is verified instead. A token that was altered or
/// issued to another tenant's key fails the rule.
/// </summary>
/// <typeparam name="T">The validated object.</typeparam>
public sealed class DeliverableValidator<T> : AsyncPropertyValidator<T, string?>
{
    private readonly IVerifierClient _client;
    private readonly AcceptancePolicy _policy;
    private readonly Func<T, string?>? _token;

    /// <summary>A validator that verifies with <paramref name="client"/>, confirming the token <paramref name="token"/> reads when given.</summary>
    public DeliverableValidator(IVerifierClient client, AcceptancePolicy? policy = null, Func<T, string?>? token = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _policy = policy ?? AcceptancePolicy.Default;
        _token = token;
    }

    /// <inheritdoc />
    public override string Name => "DeliverableValidator";

    /// <inheritdoc />
    public override async Task<bool> IsValidAsync(ValidationContext<T> context, string? value, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(value))
        {
            return true; // presence is NotEmpty's business
        }

        try
        {
            var answer = await AnswerAsync(context.InstanceToValidate, value, cancellation);
            if (answer is null)
            {
                return _policy.WhenTokenMissing == MissingTokenAction.Accept;
            }

            var (verdict, reason, flags) = answer.Value;
            context.MessageFormatter.AppendArgument("Verdict", Spell(verdict.ToString())).AppendArgument("Reason", Spell(reason.ToString()));
            return _policy.Accepts(verdict, reason, flags);
        }
        catch (VerifierProblemException problem) when (problem.Type is TokenProblems.Invalid or TokenProblems.ForeignKey)
        {
            context.MessageFormatter.AppendArgument("Verdict", "unconfirmed").AppendArgument("Reason", "token refused");
            return false;
        }
        catch (Exception unavailable) when (IsUnavailable(unavailable, cancellation))
        {
            return _policy.AcceptWhenUnavailable;
        }
    }

    /// <inheritdoc />
    protected override string GetDefaultMessageTemplate(string errorCode) =>
        "'{PropertyName}' is not an address we can accept ({Reason}).";

    /// <summary>The verdict from the token, or from a verification; null when there is no token and the policy says not to verify.</summary>
    private async Task<(Verdict, Reason, RiskFlags)?> AnswerAsync(T instance, string email, CancellationToken cancellation)
    {
        if (_token is not null)
        {
            if (_token(instance) is { Length: > 0 } token)
            {
                try
                {
                    var confirmed = await _client.ConfirmTokenAsync(token, email, cancellation);
                    return (confirmed.Verdict, confirmed.Reason, confirmed.Flags);
                }
                catch (VerifierProblemException problem) when (problem.Type is TokenProblems.Expired or TokenProblems.AddressMismatch or TokenProblems.Disabled)
                {
                    // Innocent causes: verify the address as typed now.
                }
            }
            else if (_policy.WhenTokenMissing != MissingTokenAction.Verify)
            {
                return null;
            }
        }

        var timeout = _policy.VerifyTimeout is { } budget ? (int)budget.TotalMilliseconds : (int?)null;
        var result = await _client.VerifyAsync(new VerifyRequest(email, Smtp: true, TimeoutMs: timeout), cancellation);
        return (result.Verdict, result.Reason, result.Flags);
    }

    private static bool IsUnavailable(Exception error, CancellationToken cancellation) => error switch
    {
        VerifierProblemException problem => problem.IsTransient || problem.Status == HttpStatusCode.ServiceUnavailable,
        HttpRequestException or TimeoutException => true,
        OperationCanceledException => !cancellation.IsCancellationRequested,
        _ => false,
    };

    private static string Spell(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
