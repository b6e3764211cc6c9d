using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Verifier.Api.OpenApi;

/// <summary>
/// A description for every tag the endpoints are grouped by (<c>WithTags</c>), so that documentation portals and
/// generated clients show each group with a sentence rather than a bare name.
/// </summary>
internal sealed class OpenApiTags : IDocumentFilter
{
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Verification"] = "Verify one address (signup forms, within a time budget) or a batch of up to 1,000: syntax, DNS, an SMTP RCPT probe, and the reply a real send would most likely get.",
        ["Jobs"] = "Bulk CSV verification: upload up to 1,000,000 rows, follow the progress, download the same rows with verdict columns added.",
        ["Domains"] = "A domain as a sender sees it: MX hosts, null MX, catch-all, SPF, DMARC, a DKIM key, and MX addresses on DNS blocklists.",
        ["Bounces"] = "Classify a bounce a real send received: one SMTP reply line, an MTA log line, or a whole delivery status notification.",
        ["Tokens"] = "Confirm, from the site's backend with a secret key, the verification token the signup widget put in the form: valid for this address, unaltered, unexpired, issued for one of the tenant's publishable keys.",
        ["SMTP codes"] = "The knowledge base behind every likelySmtp: what a basic or enhanced SMTP reply code means, its causes, and what to do.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        foreach (var tag in swaggerDoc.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && Descriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
