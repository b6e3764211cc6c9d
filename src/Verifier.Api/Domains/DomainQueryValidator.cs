using FluentValidation;
using Verifier.Core.Domains;

namespace Verifier.Api.Domains;

/// <summary>The domain must be a domain name (the syntax stage's domain rules, see <see cref="DomainName"/>); the selector, DNS labels.</summary>
public sealed class DomainQueryValidator : AbstractValidator<DomainQuery>
{
    public DomainQueryValidator()
    {
        RuleFor(q => q.Domain).Custom((domain, context) =>
        {
            if (!DomainName.TryNormalize(domain, out _, out var error))
            {
                context.AddFailure(nameof(DomainQuery.Domain), error);
            }
        });

        RuleFor(q => q.DkimSelector)
            .Must(DkimCheck.IsValidSelector)
            .When(q => q.DkimSelector is not null)
            .WithMessage("'dkimSelector' must be DNS labels of letters, digits, '-' and '_', such as 'selector1' or 's2024.mail'.");
    }
}
