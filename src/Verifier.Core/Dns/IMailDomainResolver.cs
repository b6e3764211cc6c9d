namespace Verifier.Core.Dns;

/// <summary>Finds where a domain's mail goes. Never throws for DNS outcomes; they are <see cref="DomainStatus"/> values.</summary>
public interface IMailDomainResolver
{
    Task<DomainMailInfo> ResolveAsync(string domain, CancellationToken cancellationToken);
}
