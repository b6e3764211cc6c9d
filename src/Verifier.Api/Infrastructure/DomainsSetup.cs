using Verifier.Core.Dns;
using Verifier.Core.Domains;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Registers the domain report (<c>GET /v1/domains/{domain}</c>): TXT/A lookups over the shared DnsClient
/// <c>ILookupClient</c>, SPF, DNS blocklists and the reporter.
/// Its request validator is picked up with the others by <see cref="EngineSetup"/>.
/// </summary>
internal static class DomainsSetup
{
    public static IServiceCollection AddVerifierDomains(this IServiceCollection services)
    {
        services.AddSingleton<IDnsRecordLookup, DnsRecordLookup>();
        services.AddSingleton<SpfEvaluator>();
        services.AddSingleton<BlocklistChecker>();
        services.AddSingleton<DomainReporter>();
        return services;
    }
}
