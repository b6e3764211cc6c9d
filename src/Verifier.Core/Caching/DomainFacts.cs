namespace Verifier.Core.Caching;

/// <summary>What the SMTP probes learnt about a domain's servers, reused across its addresses.</summary>
/// <param name="CatchAll">Whether the domain accepts any recipient; null when not known.</param>
/// <param name="Host">The MX host the facts were observed on.</param>
/// <param name="ObservedAt">When the facts were observed.</param>
/// <param name="Greylists">Whether the domain's servers defer first attempts (450/451 on RCPT); null when not known.</param>
/// <param name="BlocksProbe">Whether the domain's servers refused the probe itself by policy (554, 5.7.x); null when not known.</param>
public sealed record DomainFacts(bool? CatchAll, string? Host, DateTimeOffset ObservedAt, bool? Greylists = null, bool? BlocksProbe = null);
