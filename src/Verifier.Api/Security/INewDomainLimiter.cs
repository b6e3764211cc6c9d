namespace Verifier.Api.Security;

/// <summary>
/// Per publishable key, the distinct domains it had SMTP-probed within the last minute, at most
/// <see cref="AuthOptions.PublishableNewDomainsPerMinute"/>: in process (<see cref="NewDomainLimiter"/>) or shared
/// by every instance through Redis (<see cref="Redis.RedisNewDomainLimiter"/>).
/// </summary>
internal interface INewDomainLimiter
{
    /// <summary>True when <paramref name="keyId"/> may have <paramref name="domain"/> probed now; a domain already in the window costs nothing.</summary>
    ValueTask<bool> TryAdmitAsync(string keyId, string domain, CancellationToken cancellationToken);
}
