using FluentValidation;
using Microsoft.Extensions.Options;
using Verifier.Core.Verification;

namespace Verifier.Api.Verification;

/// <summary>A batch must carry between one and <c>Verifier:Batch:MaxAddresses</c> strings; malformed addresses are answered, not refused.</summary>
public sealed class BatchVerifyRequestValidator : AbstractValidator<BatchVerifyRequest>
{
    /// <summary>Room for the largest configured batch of ordinary addresses; larger bodies are refused (413) before they are read.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    public BatchVerifyRequestValidator(IOptions<BatchOptions> options)
    {
        var max = options.Value.MaxAddresses;

        RuleFor(r => r.Emails)
            .Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("'emails' is required: an array of addresses.")
            .Must(e => e!.Count > 0).WithMessage("'emails' must contain at least one address.")
            .Must(e => e!.Count <= max).WithMessage($"'emails' may contain at most {max} addresses; upload larger lists as a CSV job (POST /v1/jobs).");

        RuleForEach(r => r.Emails)
            .NotNull().WithMessage("'emails[{CollectionIndex}]' must be a string.")
            .MaximumLength(VerifyRequestValidator.MaxEmailLength).WithMessage($"'emails[{{CollectionIndex}}]' must be at most {VerifyRequestValidator.MaxEmailLength} characters.")
            .When(r => r.Emails is { Count: > 0 } e && e.Count <= max);
    }
}
