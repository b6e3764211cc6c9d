using System.Net;

namespace Verifier.Core.Dns;

/// <summary>One mail host of a domain and the addresses its name resolved to.</summary>
/// <param name="Host">Host name without the trailing dot, lower-case.</param>
/// <param name="Preference">MX preference; lower is tried first. 0 for an implicit MX.</param>
/// <param name="Addresses">A and AAAA addresses of the host (may be empty when they failed to resolve).</param>
public sealed record MailExchanger(string Host, int Preference, IReadOnlyList<IPAddress> Addresses);
