using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Verifier.Api.Security;
using Verifier.Core.Verification;

namespace Verifier.Api.Tokens;

/// <summary>
/// Adds a token to the answer of <c>GET /v1/verify</c> when the caller is a publishable key (or anyone, when the API is
/// open) and the address is valid. The token is made per answer, after the cache: cached answers never hold one.
/// </summary>
internal sealed class VerificationTokenFilter(TokenIssuer issuer) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var answer = await next(context);
        var audience = issuer.AudienceOf(context.HttpContext.Features.Get<ApiCaller>());
        var inner = answer is INestedHttpResult nested ? nested.Result : answer;
        return audience is not null && inner is Ok<VerificationResult> { Value: { Normalized: not null } result }
            ? TypedResults.Ok(result with { Token = issuer.Issue(result, audience) })
            : answer;
    }
}
