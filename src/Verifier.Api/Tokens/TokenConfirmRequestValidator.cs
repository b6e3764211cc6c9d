using FluentValidation;

namespace Verifier.Api.Tokens;

/// <summary>Both fields are needed; the token has a bounded length.</summary>
public sealed class TokenConfirmRequestValidator : AbstractValidator<TokenConfirmRequest>
{
    public TokenConfirmRequestValidator()
    {
        RuleFor(r => r.Token).NotEmpty().WithMessage("'token' is required: the token the widget put in the form.")
            .MaximumLength(TokenCodec.MaxLength).WithMessage($"'token' is longer than any token this service issues ({TokenCodec.MaxLength} characters).");
        RuleFor(r => r.Email).NotEmpty().WithMessage("'email' is required: the address the form was submitted with.")
            .MaximumLength(1024).WithMessage("'email' is longer than any address (1,024 characters).");
    }
}
