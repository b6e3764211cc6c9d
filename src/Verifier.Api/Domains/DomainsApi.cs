using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Verifier.Api.Problems;
using Verifier.Core.Domains;

namespace Verifier.Api.Domains;

/// <summary><c>/v1/domains/{domain}</c>: what a sender needs to know about a domain.</summary>
internal static class DomainsApi
{
    public static IEndpointRouteBuilder MapDomains(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/domains")
            .WithTags("Domains")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        group.MapGet("/{domain}", GetDomainAsync)
            .WithName("GetDomain")
            .WithSummary("Mail routing and sender authentication of a domain")
            .WithDescription(
                "MX hosts with their addresses, null MX, DNS status and catch-all (from earlier probes; probe=true probes when unknown); "
                + "the sender-side checks: the SPF record parsed with its problems and DNS lookups counted through includes, "
                + "the DMARC record (falling back to the organisational domain), the DKIM key of dkimSelector, and the MX addresses "
                + "on the configured DNS blocklists. Each problem names the SMTP rejection it tends to cause at receivers.");

        return routes;
    }

    public static async Task<Results<Ok<DomainReport>, ValidationProblem>> GetDomainAsync(
        [AsParameters] DomainQuery query,
        IValidator<DomainQuery> validator,
        DomainReporter reporter,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(query, cancellationToken);
        if (!validation.IsValid || !DomainName.TryNormalize(query.Domain, out var domain, out _))
        {
            return ProblemResults.Validation(validation);
        }

        var report = await reporter.ReportAsync(new DomainReportRequest(domain, query.Probe ?? false, query.DkimSelector), cancellationToken);
        return TypedResults.Ok(report);
    }
}
