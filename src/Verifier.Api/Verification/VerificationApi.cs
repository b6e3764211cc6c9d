using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Verifier.Api.Problems;
using Verifier.Api.Security;
using Verifier.Api.Tokens;
using Verifier.Core.Verification;

namespace Verifier.Api.Verification;

/// <summary><c>/v1/verify</c>: one address in, a verdict out.</summary>
internal static class VerificationApi
{
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/verify")
            .WithTags("Verification")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        group.MapGet("/", VerifyFromQueryAsync)
            .AddEndpointFilter<VerificationTokenFilter>()
            .WithName("VerifyGet")
            .WithSummary("Verify one address (signup forms)")
            .WithDescription("Syntax, DNS and an SMTP RCPT probe (no mail is sent). Cached answers say cached=true; timeoutMs bounds the whole request. "
                + "Answers to publishable keys (and to anyone when the API is open) carry a signed token for POST /v1/tokens/confirm.");

        group.MapPost("/", VerifyFromBodyAsync)
            .WithName("VerifyPost")
            .WithSummary("Verify one address")
            .WithDescription("The same as GET /v1/verify, with a JSON body.");

        group.MapPost("/batch", VerifyBatchAsync)
            .WithRequestBodyLimit(BatchVerifyRequestValidator.MaxBodyBytes)
            .WithName("VerifyBatch")
            .WithSummary("Verify a list of addresses")
            .WithDescription("Up to Verifier:Batch:MaxAddresses addresses (default 1,000); results in input order, duplicates verified once. "
                + "Addresses are grouped by domain: one SMTP session carries many recipients and the catch-all probe is made once per domain.");

        return routes;
    }

    public static async Task<Results<Ok<BatchVerifyResponse>, ValidationProblem>> VerifyBatchAsync(
        [FromBody] BatchVerifyRequest request,
        IValidator<BatchVerifyRequest> validator,
        IBatchVerifier verifier,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ProblemResults.Validation(validation);
        }

        var results = await verifier.VerifyManyAsync(
            [.. request.Emails!.Select(e => e!)],
            new BatchVerificationOptions(request.Smtp, request.Refresh),
            cancellationToken);
        return TypedResults.Ok(new BatchVerifyResponse(results.Count, VerdictCounts.Of(results), results));
    }

    public static Task<Results<Ok<VerificationResult>, ValidationProblem>> VerifyFromQueryAsync(
        [AsParameters] VerifyQuery query,
        IValidator<VerifyRequest> validator,
        IEmailVerifier verifier,
        CancellationToken cancellationToken) =>
        VerifyAsync(query.ToRequest(), validator, verifier, cancellationToken);

    public static Task<Results<Ok<VerificationResult>, ValidationProblem>> VerifyFromBodyAsync(
        [FromBody] VerifyRequest request,
        IValidator<VerifyRequest> validator,
        IEmailVerifier verifier,
        CancellationToken cancellationToken) =>
        VerifyAsync(request, validator, verifier, cancellationToken);

    private static async Task<Results<Ok<VerificationResult>, ValidationProblem>> VerifyAsync(
        VerifyRequest request,
        IValidator<VerifyRequest> validator,
        IEmailVerifier verifier,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ProblemResults.Validation(validation);
        }

        var timeout = request.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var result = await verifier.VerifyAsync(
            new VerificationRequest(request.Email!, request.Smtp, timeout, request.Refresh),
            cancellationToken);
        return TypedResults.Ok(result);
    }
}
