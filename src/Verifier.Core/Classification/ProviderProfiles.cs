namespace Verifier.Core.Classification;

/// <summary>
/// Known provider behaviour, as data: one <see cref="ProviderProfile"/> per provider, matched by MX host
/// suffix. The classifier consults this table instead of testing provider names in code.
/// </summary>
public static class ProviderProfiles
{
    /// <summary>
    /// Yahoo Mail and AOL (one platform since 2017): MX <c>mta5.am0.yahoodns.net</c>,
    /// <c>mx-aol.mail.gm0.yahoodns.net</c>, <c>mx-biz.mail.am0.yahoodns.net</c>.
    /// </summary>
    /// <remarks>
    /// The MX answers 250 to RCPT for addresses that do not exist and bounces them after DATA, so an RCPT probe
    /// cannot tell a real mailbox from a missing one; this is the provider open-source verifiers most often report
    /// wrongly as "deliverable". When it does reject at RCPT it says
    /// <c>554 delivery error: dd This user doesn't have a yahoo.com account</c>.
    /// </remarks>
    public static ProviderProfile YahooAol { get; } = new(
        "Yahoo / AOL",
        ["yahoodns.net"],
        AcceptsAllAtRcpt: true,
        CatchAllDetectionReliable: false,
        ["doesn't have a yahoo.com account", "doesn't have an aol.com account", "doesn't have a aol.com account"],
        [
            // https://senders.yahooinc.com/smtp-error-codes: TS = temporary throttling, BL = blocklisted IP.
            new("[ts01]", ReplyReason.RateLimited), new("[ts02]", ReplyReason.RateLimited),
            new("[ts03]", ReplyReason.RateLimited), new("[tss04]", ReplyReason.RateLimited),
            new("[bl21]", ReplyReason.SpamBlock), new("[bl22]", ReplyReason.SpamBlock), new("[bl23]", ReplyReason.SpamBlock),
            new("(554.30)", ReplyReason.MailboxDisabled), new("[#102]", ReplyReason.MailboxDisabled),
            new("doesn't have a yahoo.com account", ReplyReason.MailboxNotFound),
        ]);

    /// <summary>
    /// Microsoft 365 / Exchange Online Protection: tenant MX <c>contoso-com.mail.protection.outlook.com</c>, and the
    /// DNSSEC-signed <c>contoso-com.&lt;id&gt;.mx.microsoft</c>.
    /// </summary>
    /// <remarks>
    /// With Directory-Based Edge Blocking on, unknown recipients are rejected at RCPT with
    /// <c>550 5.4.1 Recipient address rejected: Access denied. AS(201806281)</c> (a missing mailbox, not a policy
    /// block). Tenants without it, and hybrid tenants that relay on-premises, accept any recipient and send a
    /// non-delivery report later, so a 250 is trusted only when the random-recipient probe in the same session
    /// was rejected.
    /// </remarks>
    public static ProviderProfile Microsoft365 { get; } = new(
        "Microsoft 365",
        ["mail.protection.outlook.com", "protection.outlook.com", "mx.microsoft"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: false,
        ["recipient address rejected: access denied", "recipnotfound", "as(201806281)"],
        [
            // Exchange Online's NDR codes: https://learn.microsoft.com/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online
            new("resolver.adr.recipnotfound", ReplyReason.MailboxNotFound),
            new("resolver.adr.recipientnotfound", ReplyReason.MailboxNotFound),
            new("as(201806281)", ReplyReason.MailboxNotFound),
            new("quotaexceededexception", ReplyReason.MailboxFull),
            new("resolver.rst.sendsizelimit", ReplyReason.MessageTooLarge),
            new("resolver.rst.recipsizelimit", ReplyReason.MessageTooLarge),
            new("restrictedtorecipientspermission", ReplyReason.Policy),
            new("(s3140)", ReplyReason.SpamBlock), new("(s3150)", ReplyReason.SpamBlock),
            new("sender.office.com", ReplyReason.SpamBlock),
        ]);

    /// <summary>
    /// Outlook.com consumer mail (outlook.com, hotmail.*, live.*, msn.com): MX
    /// <c>hotmail-com.olc.protection.outlook.com</c>; older records name <c>mx1.hotmail.com</c>.
    /// </summary>
    /// <remarks>
    /// Consumer mailboxes are rejected at RCPT when they do not exist, with
    /// <c>550 5.5.0 Requested action not taken: mailbox unavailable</c>. Its MX host is more specific than
    /// Microsoft 365's <c>protection.outlook.com</c>, and the longest matching suffix wins.
    /// </remarks>
    public static ProviderProfile OutlookConsumer { get; } = new(
        "Outlook.com",
        ["olc.protection.outlook.com", "hotmail.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["requested action not taken: mailbox unavailable"]);

    /// <summary>
    /// Gmail and Google Workspace: MX <c>gmail-smtp-in.l.google.com</c>, <c>aspmx.l.google.com</c>,
    /// <c>alt1.aspmx.l.google.com</c>, <c>smtp.google.com</c>, <c>aspmx2.googlemail.com</c>.
    /// </summary>
    /// <remarks>
    /// Rejects unknown recipients at RCPT with <c>550-5.1.1 The email account that you tried to reach does not exist</c>;
    /// a Workspace domain with a catch-all route accepts the random recipient too, which the probe detects.
    /// </remarks>
    public static ProviderProfile Google { get; } = new(
        "Google",
        ["google.com", "googlemail.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["the email account that you tried to reach does not exist", "p=nosuchuser"],
        [
            // The help links Gmail appends to each refusal name its reason.
            new("p=nosuchuser", ReplyReason.MailboxNotFound), new("p=disableduser", ReplyReason.MailboxDisabled),
            new("p=overquota", ReplyReason.MailboxFull), new("p=receivingrate", ReplyReason.RateLimited),
            new("p=unsolicitedratelimiterror", ReplyReason.RateLimited),
            new("p=unsolicitedmessageerror", ReplyReason.SpamBlock),
        ]);

    /// <summary>iCloud Mail (icloud.com, me.com, mac.com and custom domains): MX <c>mx01.mail.icloud.com</c>.</summary>
    /// <remarks>Rejects unknown recipients at RCPT: <c>550 5.1.1 &lt;bob@icloud.com&gt;: user does not exist</c>.</remarks>
    public static ProviderProfile ICloud { get; } = new(
        "iCloud",
        ["mail.icloud.com", "icloud.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["user does not exist"]);

    /// <summary>Zoho Mail: MX <c>mx.zoho.com</c>, <c>mx2.zoho.eu</c>, <c>mx.zoho.in</c>, <c>mx.zoho.com.au</c>, <c>mx.zoho.jp</c>, <c>mx.zohocloud.ca</c>.</summary>
    /// <remarks>Rejects unknown recipients at RCPT: <c>550 5.1.1 User does not exist - bob@example.com</c>.</remarks>
    public static ProviderProfile Zoho { get; } = new(
        "Zoho",
        ["zoho.com", "zoho.eu", "zoho.in", "zoho.com.au", "zoho.jp", "zohocloud.ca", "zoho.sa"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["user does not exist"],
        [new("mailpolicy violation", ReplyReason.Policy)]);

    /// <summary>Proton Mail: MX <c>mail.protonmail.ch</c>, <c>mailsec.protonmail.ch</c>.</summary>
    /// <remarks>
    /// Rejects unknown recipients of its own domains at RCPT with 550 5.1.1; custom domains may turn on a
    /// catch-all address, which the random-recipient probe detects.
    /// </remarks>
    public static ProviderProfile Proton { get; } = new(
        "Proton",
        ["protonmail.ch"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["address does not exist"]);

    /// <summary>Mimecast gateway: MX <c>eu-smtp-inbound-1.mimecast.com</c>, <c>us-smtp-inbound-1.mimecast.com</c>, <c>za-smtp-inbound-1.mimecast.co.za</c>.</summary>
    /// <remarks>
    /// A filtering gateway in front of the customer's own server. It rejects unknown recipients
    /// (<c>550 Invalid Recipient</c>) only when the customer has synchronised a directory; otherwise it accepts
    /// every recipient and the bounce comes from the server behind it. Acceptance is unproven unless the
    /// random-recipient probe was rejected.
    /// </remarks>
    public static ProviderProfile Mimecast { get; } = new(
        "Mimecast",
        ["mimecast.com", "mimecast.co.za", "mimecast-offshore.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: false,
        ["invalid recipient"]);

    /// <summary>Proofpoint gateways: MX <c>mx0a-001234.pphosted.com</c> (enterprise), <c>mx1-us1.ppe-hosted.com</c> (Essentials).</summary>
    /// <remarks>A filtering gateway: recipient validation is optional per customer, so acceptance is unproven.</remarks>
    public static ProviderProfile Proofpoint { get; } = new(
        "Proofpoint",
        ["pphosted.com", "ppe-hosted.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: false,
        []);

    /// <summary>Barracuda Email Security Service: MX <c>d123456a.ess.barracudanetworks.com</c>.</summary>
    /// <remarks>A filtering gateway: recipient verification is optional per customer, so acceptance is unproven.</remarks>
    public static ProviderProfile Barracuda { get; } = new(
        "Barracuda",
        ["barracudanetworks.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: false,
        []);

    /// <summary>Cisco Secure Email (IronPort) cloud gateway: MX <c>mx1.hc1234-56.iphmx.com</c>.</summary>
    /// <remarks>A filtering gateway: LDAP recipient acceptance is optional per customer, so acceptance is unproven.</remarks>
    public static ProviderProfile CiscoSecureEmail { get; } = new(
        "Cisco Secure Email",
        ["iphmx.com"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: false,
        []);

    /// <summary>Orange (orange.fr, wanadoo.fr): MX <c>smtp-in.orange.fr</c>.</summary>
    /// <remarks>Each refusal carries an <c>OFR_nnn</c> token; OFR_506 is its anti-spam filter ("Mail rejete").</remarks>
    public static ProviderProfile Orange { get; } = new(
        "Orange",
        ["orange.fr"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["adresse d au moins un destinataire invalide"],
        [new("ofr_506", ReplyReason.SpamBlock), new("ofr_416", ReplyReason.MailboxNotFound)]);

    /// <summary>Mail.ru (mail.ru, inbox.ru, list.ru, bk.ru): MX <c>mxs.mail.ru</c>, <c>emx.mail.ru</c>.</summary>
    /// <remarks>An IP refused for its reputation is sent to the blocklist page <c>support_bl</c>.</remarks>
    public static ProviderProfile MailRu { get; } = new(
        "Mail.ru",
        ["mxs.mail.ru", "emx.mail.ru", "mail.ru"],
        AcceptsAllAtRcpt: false,
        CatchAllDetectionReliable: true,
        ["is unavailable: user not found"],
        [new("support_bl", ReplyReason.SpamBlock)]);

    /// <summary>Every known provider.</summary>
    public static IReadOnlyList<ProviderProfile> All { get; } =
    [
        YahooAol, Microsoft365, OutlookConsumer, Google, ICloud, Zoho, Proton, Mimecast, Proofpoint, Barracuda,
        CiscoSecureEmail, Orange, MailRu,
    ];

    /// <summary>Every provider's markers.</summary>
    private static readonly ProviderMarker[] AllMarkers = [.. All.SelectMany(p => p.Markers ?? [])];

    /// <summary>The reason named by the first provider marker the text contains (case-insensitive); null when none.</summary>
    public static ReplyReason? ReadMarker(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var marker in AllMarkers)
        {
            if (text.Contains(marker.Token, StringComparison.OrdinalIgnoreCase))
            {
                return marker.Reason;
            }
        }

        return null;
    }

    /// <summary>Every (suffix, profile) pair, longest suffix first, so the most specific suffix wins.</summary>
    private static readonly (string Suffix, ProviderProfile Profile)[] BySuffix =
        [.. All.SelectMany(p => p.MxSuffixes, (p, s) => (s, p)).OrderByDescending(e => e.s.Length)];

    /// <summary>
    /// The provider whose MX suffix the host ends with on a label boundary (<c>mta5.am0.yahoodns.net</c> matches
    /// <c>yahoodns.net</c>; <c>notyahoodns.net</c> does not). Case and a trailing dot are ignored. Null when no
    /// provider matches.
    /// </summary>
    public static ProviderProfile? Match(string? mxHost)
    {
        if (string.IsNullOrWhiteSpace(mxHost))
        {
            return null;
        }

        var host = mxHost.AsSpan().Trim().TrimEnd('.');
        foreach (var (suffix, profile) in BySuffix)
        {
            if (host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && (host.Length == suffix.Length || host[host.Length - suffix.Length - 1] == '.'))
            {
                return profile;
            }
        }

        return null;
    }
}
