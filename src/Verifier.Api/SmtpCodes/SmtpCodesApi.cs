using Microsoft.AspNetCore.Http.HttpResults;
using Verifier.Api.Problems;
using Verifier.Core.Knowledge;

namespace Verifier.Api.SmtpCodes;

/// <summary><c>/v1/smtp-codes</c>: what SMTP reply codes mean and what a sender should do about them.</summary>
internal static class SmtpCodesApi
{
    public static IEndpointRouteBuilder MapSmtpCodes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/smtp-codes").WithTags("SMTP codes");

        group.MapGet("/", List)
            .WithName("ListSmtpCodes")
            .WithSummary("Every known SMTP reply code")
            .WithDescription("Basic reply codes (RFC 5321, RFC 7504) and enhanced status codes (RFC 3463 and the IANA registry), each with meaning, causes, whether to retry and what to do. ?kind=basic or ?kind=enhanced narrows the list.");

        group.MapGet("/{code}", Explain)
            .WithName("ExplainSmtpCode")
            .WithSummary("Explain one SMTP reply code")
            .WithDescription("Accepts a basic code (550) or an enhanced code (5.1.1). An unregistered but well-formed code gets its subject- or class-level explanation (match = subject or class); a malformed one is a 400.");

        return routes;
    }

    public static Results<Ok<SmtpCodeList>, ValidationProblem> List(string? kind = null)
    {
        if (kind is not null && kind != SmtpCodeBook.Basic && kind != SmtpCodeBook.Enhanced)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["kind"] = [$"'kind' must be '{SmtpCodeBook.Basic}' or '{SmtpCodeBook.Enhanced}'."] },
                title: "Invalid request",
                type: ProblemTypes.Validation);
        }

        var codes = SmtpCodeBook.All.Where(e => kind is null || e.Kind == kind).ToList();
        return TypedResults.Ok(new SmtpCodeList(codes.Count, codes));
    }

    public static Results<Ok<SmtpCodeExplanation>, ValidationProblem> Explain(string code)
    {
        var lookup = SmtpCodeBook.Lookup(code);
        if (lookup.IsMalformed || lookup.Entry is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["code"] = [lookup.Error ?? "Not an SMTP reply code."] },
                detail: "Expected a basic reply code such as 550 or an enhanced status code such as 5.1.1.",
                title: "Invalid request",
                type: ProblemTypes.Validation);
        }

        return TypedResults.Ok(new SmtpCodeExplanation(lookup.Query, lookup.Match, lookup.Entry));
    }
}
