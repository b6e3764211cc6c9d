using FluentValidation;
using Microsoft.Extensions.Options;
using Verifier.Core.Verification;

namespace Verifier.Api.Verification;

/// <summary>
/// Rejects requests that are not questions about an address. A malformed address is not a
/// request error: it is answered with <c>invalid_syntax</c>.
/// </summary>
public sealed class VerifyRequestValidator : AbstractValidator<VerifyRequest>
{
    /// <summary>Far above the 254-octet path limit, so over-long addresses still get a syntax verdict.</summary>
    public const int MaxEmailLength = 1024;

    public const int MinTimeoutMs = 100;

    public VerifyRequestValidator(IOptions<VerificationOptions> options)
    {
        var maxTimeoutMs = (int)options.Value.MaxTimeout.TotalMilliseconds;

        RuleFor(r => r.Email)
            .NotEmpty().WithMessage("'email' is required.")
            .MaximumLength(MaxEmailLength).WithMessage($"'email' must be at most {MaxEmailLength} characters.");

        RuleFor(r => r.TimeoutMs)
            .InclusiveBetween(MinTimeoutMs, maxTimeoutMs)
            .When(r => r.TimeoutMs is not null)
            .WithMessage($"'timeoutMs' must be between {MinTimeoutMs} and {maxTimeoutMs}.");
    }
}
