using System.Net;

namespace Verifier.Core.Syntax;

/// <summary>A mailbox that passed RFC 5321 syntax, normalised.</summary>
/// <param name="Original">The input as given.</param>
/// <param name="LocalPart">The local part as typed (case kept: RFC 5321 §2.4 makes it case-sensitive); quoted only when it must be.</param>
/// <param name="Domain">The domain in lower-case A-label form, or the address literal (e.g. "[192.0.2.1]", "[IPv6:2001:db8::1]").</param>
/// <param name="AddressLiteral">The IP address of an address-literal domain, null for a domain name.</param>
/// <param name="RequiresSmtpUtf8">True when the local part has non-ASCII characters (RFC 6531).</param>
public sealed record EmailAddress(
    string Original,
    string LocalPart,
    string Domain,
    IPAddress? AddressLiteral,
    bool RequiresSmtpUtf8)
{
    /// <summary>The mailbox as it goes in RCPT TO: local part as typed, domain normalised.</summary>
    public string Mailbox => LocalPart + "@" + Domain;

    /// <summary>Key for comparing and caching: local part case-folded (every major provider treats it so).</summary>
    public string ComparisonKey => LocalPart.ToLowerInvariant() + "@" + Domain;
}
