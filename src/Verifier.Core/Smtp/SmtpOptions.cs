using System.ComponentModel.DataAnnotations;
using Verifier.Core.Network;

namespace Verifier.Core.Smtp;

/// <summary>How the mailbox prober talks to mail servers. Bound from <see cref="SectionName"/>.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>The configuration section (environment variables <c>Verifier__Smtp__…</c>).</summary>
    public const string SectionName = "Verifier:Smtp";

    /// <summary>The TCP port probed on every MX host. 25 everywhere but in tests.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>
    /// The name sent in EHLO/HELO: a real host name whose reverse DNS matches the prober's address.
    /// The host requires it in Production; when null the prober uses the machine name.
    /// </summary>
    public string? HeloName { get; set; }

    /// <summary>The reverse path sent in MAIL FROM. The host requires it in Production; when null the prober uses <c>verify@</c> + the HELO name.</summary>
    public string? MailFrom { get; set; }

    /// <summary>
    /// Connect through a SOCKS5 proxy whose port 25 is open: <c>socks5://host:port</c> or
    /// <c>socks5://user:password@host:port</c> (user and password percent-encoded). The MX address is
    /// passed to the proxy as an IP address, never a name, so the proxy connects to what the guard vetted.
    /// </summary>
    public string? Proxy { get; set; }

    /// <summary>
    /// CIDR ranges the prober may connect to although they are private or reserved (e.g. "127.0.0.0/8" in tests,
    /// "10.20.0.0/16" for an internal relay). Everything else special-purpose is refused before any connection.
    /// </summary>
    public List<string> AllowedNetworks { get; } = [];

    /// <summary>Time allowed for the TCP connection (and the SOCKS5 handshake when <see cref="Proxy"/> is set).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time allowed for each reply, counted from the command that asked for it (from the connection for the
    /// greeting). A server that drips bytes or never answers is cut off here.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a whole probe: every host, session and command of one request, including waits for a session slot.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Once a probe is told to stop (shutdown, a cancelled job, the probe time-out), time left for the reply in
    /// flight and QUIT; a server silent for longer has its connection dropped.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent sessions per MX host name (politeness: the prober never looks like a burst).</summary>
    [Range(1, 100)]
    public int MaxSessionsPerHost { get; set; } = 2;

    /// <summary>RCPT commands per session, the catch-all RCPT included. RFC 5321 §4.5.3.1.8 has servers accept at least 100.</summary>
    [Range(1, 1000)]
    public int MaxRecipientsPerSession { get; set; } = 50;

    /// <summary>MX hosts tried, in preference order, before the probe gives up. Hosts whose every address is refused by the guard do not count.</summary>
    [Range(1, 20)]
    public int MaxHostsToTry { get; set; } = 3;

    /// <summary>Longest reply line accepted, in bytes. RFC 5321 §4.5.3.1.5 allows 512 octets with CRLF; servers exceed it in practice.</summary>
    [Range(512, 1 << 20)]
    public int MaxReplyLineBytes { get; set; } = 4096;

    /// <summary>Most lines accepted in one reply (an EHLO reply is the longest a sane server sends).</summary>
    [Range(1, 10_000)]
    public int MaxReplyLines { get; set; } = 100;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedNetworks.Count; i++)
        {
            if (!NetworkGuard.TryParseNetwork(AllowedNetworks[i], out _))
            {
                yield return new ValidationResult(
                    $"'{AllowedNetworks[i]}' is not a CIDR network; write an address and a prefix length, such as 10.0.0.0/8 or fd00::/8",
                    [nameof(AllowedNetworks), $"{nameof(AllowedNetworks)}:{i}"]);
            }
        }

        if (Proxy is not null && !SmtpProxy.TryParse(Proxy, out _, out var proxyError))
        {
            yield return new ValidationResult(proxyError, [nameof(Proxy)]);
        }

        // Empty is "not set": where an identity is required, the host says so.
        if (!string.IsNullOrEmpty(HeloName) && HeloName.Any(c => c <= ' ' || c >= 0x7F))
        {
            yield return new ValidationResult(
                "contains spaces, control or non-ASCII characters; set it to this machine's host name, such as probe.example.com", [nameof(HeloName)]);
        }

        if (!string.IsNullOrEmpty(MailFrom) && (!MailFrom.Contains('@', StringComparison.Ordinal) || MailFrom.Any(c => c <= ' ' || c is '<' or '>')))
        {
            yield return new ValidationResult(
                "is not a mailbox; set it to an address at a domain you control, such as verify@example.com", [nameof(MailFrom)]);
        }
    }
}
