using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Verifier.Api.Problems;
using Verifier.Api.Security;

namespace Verifier.Api.Tokens;

/// <summary><c>/v1/tokens/confirm</c>: a site's backend checks the token the widget put in its form.</summary>
internal static class TokensApi
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1/tokens")
            .WithTags("Tokens")
            .MapPost("/confirm", ConfirmAsync)
            .WithName("ConfirmToken")
            .WithSummary("Confirm a verification token (secret key)")
            .WithDescription(
                "Answers to publishable keys carry a token signed by the service, bound to the normalised address, the verdict, " +
                "the reason, the time and the publishable key's name. A backend sends it back with the address the form was " +
                "submitted with and gets the verdict without verifying again. Refused with 422: token-invalid (altered, " +
                "malformed, not signed by this service), token-foreign-key (the publishable key is not bound to the caller's " +
                "tenant), token-expired (older than Verifier:Tokens:Lifetime), token-address-mismatch (issued for another address). " +
                "503 tokens-disabled when no signing key is configured.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Results<Ok<TokenConfirmation>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        [FromBody] TokenConfirmRequest request,
        IValidator<TokenConfirmRequest> validator,
        TokenConfirmer confirmer,
        IOptions<TokenOptions> options,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ProblemResults.Validation(validation);
        }

        if (!confirmer.Enabled)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, TokenProblemTypes.Disabled, "Tokens are not enabled",
                "This service signs no verification tokens: set Verifier:Tokens:SigningKey.");
        }

        var caller = context.Features.Get<ApiCaller>();
        var callerName = caller?.Kind == ApiCallerKind.Open ? null : caller?.Id ?? string.Empty;
        var check = confirmer.Confirm(request.Token!, request.Email!, callerName);
        return check switch
        {
            { Confirmation: { } confirmation } => TypedResults.Ok(confirmation),
            { Refusal: TokenRefusal.ForeignKey } => Refused(TokenProblemTypes.ForeignKey, "Token of another tenant",
                "The token was issued for a publishable key that is not bound to this key's tenant (Verifier:Auth:PublishableKeys:N:Tenant)."),
            { Refusal: TokenRefusal.Expired } => Refused(TokenProblemTypes.Expired, "Token expired",
                string.Create(CultureInfo.InvariantCulture, $"The token expired at {check.ExpiredAt:O} (tokens are valid for {options.Value.Lifetime}); verify the address again.")),
            { Refusal: TokenRefusal.AddressMismatch } => Refused(TokenProblemTypes.AddressMismatch, "Token for another address",
                "The token was issued for another address than the one sent."),
            _ => Refused(TokenProblemTypes.Invalid, "Invalid token",
                "The token is not one this service signed, or it was altered."),
        };
    }

    private static ProblemHttpResult Refused(string type, string title, string detail) =>
        Problem(StatusCodes.Status422UnprocessableEntity, type, title, detail);

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
}
