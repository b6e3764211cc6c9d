using System.Globalization;
using System.Net;
using Verifier.Core.Caching;
using Verifier.Core.Classification;
using Verifier.Core.Dns;
using Verifier.Core.Enrichment;
using Verifier.Core.Smtp;

namespace Verifier.Core.Domains;

/// <summary>
/// Builds a <see cref="DomainReport"/>: mail routing (through the per-domain cache), then, side by side, SPF,
/// DMARC, DKIM, DNS blocklists and catch-all. Catch-all comes from the cache; the MX is probed over SMTP only when
/// asked and the cache does not know, and what the probe finds is kept for the domain.
/// </summary>
public sealed class DomainReporter(
    IMailDomainResolver resolver,
    IDomainFactsCache facts,
    IMailboxProber prober,
    IDnsRecordLookup dns,
    SpfEvaluator spf,
    BlocklistChecker blocklists,
    TimeProvider time)
{
    public async Task<DomainReport> ReportAsync(DomainReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var domain = request.Domain;

        var mail = await ResolveAsync(domain, cancellationToken).ConfigureAwait(false);

        var spfTask = spf.EvaluateAsync(domain, cancellationToken);
        var dmarcTask = DmarcAsync(domain, cancellationToken);
        var dkimTask = request.DkimSelector is { } selector
            ? DkimAsync(selector, domain, cancellationToken)
            : Task.FromResult(DkimCheck.NotChecked());
        var blocklistTask = blocklists.CheckAsync(Addresses(mail), cancellationToken);
        var catchAllTask = CatchAllAsync(mail, request.Probe, cancellationToken);

        await Task.WhenAll(spfTask, dmarcTask, dkimTask, blocklistTask, catchAllTask).ConfigureAwait(false);

        return new DomainReport(
            domain,
            mail.Status,
            mail.Error,
            [.. mail.MailExchangers.Select(mx => new DomainMailHost(mx.Host, mx.Preference, [.. mx.Addresses.Select(a => a.ToString())]))],
            mail.ImplicitMx,
            mail.NullMx,
            await catchAllTask.ConfigureAwait(false),
            DisposableDomains.Contains(domain),
            FreeProviders.Contains(domain),
            await spfTask.ConfigureAwait(false),
            await dmarcTask.ConfigureAwait(false),
            await dkimTask.ConfigureAwait(false),
            await blocklistTask.ConfigureAwait(false),
            time.GetUtcNow(),
            (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<DomainMailInfo> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        if (await facts.GetMailInfoAsync(domain, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        var info = await resolver.ResolveAsync(domain, cancellationToken).ConfigureAwait(false);
        await facts.SetMailInfoAsync(info, cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>
    /// <c>_dmarc.&lt;domain&gt;</c>, then, when that name has no DMARC record, <c>_dmarc.&lt;organisational domain&gt;</c>
    /// (RFC 7489 §6.6.3).
    /// </summary>
    private async Task<DmarcReport> DmarcAsync(string domain, CancellationToken cancellationToken)
    {
        var name = DmarcReport.RecordName(domain);
        var answer = await dns.GetTextAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.IsFailure)
        {
            return DmarcReport.NotFound(name, [DnsFailure(name, answer)]);
        }

        var records = answer.Records.Where(DmarcParser.IsDmarcRecord).ToList();
        var organizational = DmarcReport.OrganizationalDomainOf(domain);
        if (records.Count == 0 && organizational != domain)
        {
            var orgName = DmarcReport.RecordName(organizational);
            var orgAnswer = await dns.GetTextAsync(orgName, cancellationToken).ConfigureAwait(false);
            if (orgAnswer.IsFailure)
            {
                return DmarcReport.NotFound(name, [DnsFailure(orgName, orgAnswer)]);
            }

            var orgRecords = orgAnswer.Records.Where(DmarcParser.IsDmarcRecord).ToList();
            if (orgRecords.Count > 0)
            {
                return FromRecords(orgName, orgRecords, organizational: true, domain);
            }
        }

        if (records.Count == 0)
        {
            return DmarcReport.NotFound(name, [SenderProblem.Error(
                DmarcReport.Missing,
                $"No DMARC record at {name}{(organizational != domain ? $" or {DmarcReport.RecordName(organizational)}" : "")}. Gmail and Yahoo require one from bulk senders and reject unauthenticated mail; start with 'v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}'.",
                SenderProblem.Unauthenticated)]);
        }

        return FromRecords(name, records, organizational: false, domain);
    }

    private static DmarcReport FromRecords(string name, List<string> records, bool organizational, string domain)
    {
        if (records.Count > 1)
        {
            // RFC 7489 §6.6.3: more than one record and receivers apply none.
            return DmarcReport.NotFound(name, [SenderProblem.Error(
                DmarcReport.MultipleRecords,
                $"{records.Count} DMARC records at {name}: receivers apply none of them, as if there were no DMARC. Keep one.",
                SenderProblem.Unauthenticated)]);
        }

        var record = DmarcParser.Parse(records[0]);
        IEnumerable<SenderProblem> extra = organizational
            ? [SenderProblem.Info(DmarcReport.FromOrganizationalDomain, $"{domain} has no DMARC record of its own; the one at {name} applies, with its subdomain policy (sp).")]
            : [];
        return DmarcReport.From(name, record, organizational, extra);
    }

    private async Task<DkimReport> DkimAsync(string selector, string domain, CancellationToken cancellationToken)
    {
        var answer = await dns.GetTextAsync(DkimCheck.RecordName(selector, domain), cancellationToken).ConfigureAwait(false);
        return DkimCheck.FromAnswer(selector, domain, answer);
    }

    private async Task<CatchAllReport> CatchAllAsync(DomainMailInfo mail, bool probe, CancellationToken cancellationToken)
    {
        if (mail.Status != DomainStatus.Resolved || mail.MailExchangers.Count == 0)
        {
            return new CatchAllReport(null, CatchAllSource.Unknown, null, null, $"Not applicable: the domain has no mail server to ask ({Describe(mail.Status)}).");
        }

        var known = await facts.GetFactsAsync(mail.Domain, cancellationToken).ConfigureAwait(false);
        if (known?.CatchAll is { } cached)
        {
            return new CatchAllReport(cached, CatchAllSource.Cache, known.Host, known.ObservedAt, Meaning(cached));
        }

        if (!probe)
        {
            return new CatchAllReport(null, CatchAllSource.Unknown, null, null, "Not known: no SMTP probe of this domain is cached. Ask again with ?probe=true to probe its MX (one RCPT to a random recipient; no mail is sent).");
        }

        var result = await prober.ProbeAsync(new MailboxProbeRequest(mail.Domain, mail.MailExchangers, [], DetectCatchAll: true), cancellationToken).ConfigureAwait(false);
        var observed = CatchAllDetector.FromReply(result.CatchAllReply);
        if (observed is not { } value)
        {
            var reply = result.CatchAllReply ?? result.SessionReply;
            var said = reply is null ? result.Error ?? Describe(result.Outcome) : $"{reply.Code} {reply.EnhancedCode} {reply.Text}".Replace("  ", " ", StringComparison.Ordinal);
            return new CatchAllReport(null, CatchAllSource.Unknown, result.Host, null, $"The probe did not tell ({Describe(result.Outcome)}: {said}).");
        }

        var now = time.GetUtcNow();
        await facts.SetFactsAsync(mail.Domain, new DomainFacts(value, result.Host, now), cancellationToken).ConfigureAwait(false);
        return new CatchAllReport(value, CatchAllSource.Probe, result.Host, now, Meaning(value));
    }

    private static string Meaning(bool catchAll) => catchAll
        ? "The servers accept mail for any recipient at RCPT time, so an SMTP check cannot prove an address exists (verdict risky/catch_all); mail to a non-existent one may bounce later."
        : "The servers reject unknown recipients at RCPT time, so SMTP checks of this domain's addresses are conclusive.";

    private static SenderProblem DnsFailure(string name, DnsAnswer<string> answer) =>
        SenderProblem.Warning(DmarcReport.DnsError, $"The TXT records of {name} could not be read ({answer.Error ?? answer.Outcome.ToString()}); receivers answering now would defer mail (TempError).", SpfEvaluator.TemporaryError);

    private static string Describe<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString(CultureInfo.InvariantCulture)));

    /// <summary>Every address of every MX host, in MX preference order.</summary>
    private static IReadOnlyList<(string Host, IPAddress Address)> Addresses(DomainMailInfo mail) =>
        [.. mail.MailExchangers.SelectMany(mx => mx.Addresses.Select(a => (mx.Host, a)))];
}
