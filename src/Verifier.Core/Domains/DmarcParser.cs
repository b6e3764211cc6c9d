using System.Globalization;

namespace Verifier.Core.Domains;

/// <summary>Parses DMARC records (RFC 7489 §6.3, §6.4, §6.6.3) without DNS.</summary>
public static class DmarcParser
{
    public const string Version = "DMARC1";

    public const string Syntax = "dmarc_syntax";
    public const string PolicyNone = "dmarc_policy_none";
    public const string NoAggregateReports = "dmarc_no_rua";
    public const string PartialPercent = "dmarc_pct_partial";
    public const string BadTagValue = "dmarc_bad_tag_value";
    public const string UnknownTag = "dmarc_unknown_tag";
    public const string DuplicateTag = "dmarc_duplicate_tag";

    private static readonly HashSet<string> KnownTags = new(StringComparer.Ordinal)
    {
        "v", "p", "sp", "pct", "rua", "ruf", "adkim", "aspf", "fo", "ri", "rf", "np", "psd", "t",
    };

    /// <summary>True when a TXT record is meant as a DMARC record: it starts with <c>v=DMARC1</c> (case and spaces around '=' ignored).</summary>
    public static bool IsDmarcRecord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.Split(';', 2)[0];
        var equals = first.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            && first[..equals].Trim().Equals("v", StringComparison.OrdinalIgnoreCase)
            && first[(equals + 1)..].Trim().StartsWith(Version, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses a DMARC record. Never throws for bad input: problems are in <see cref="DmarcRecord.Problems"/>.</summary>
    public static DmarcRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<SenderProblem>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        var valid = true;

        foreach (var part in text.Split(';'))
        {
            var trimmed = part.Trim(' ', '\t');
            if (trimmed.Length == 0)
            {
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? string.Empty : trimmed[..equals].Trim(' ', '\t').ToLowerInvariant();
            if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
            {
                problems.Add(Invalid($"'{trimmed}' is not a tag=value pair."));
                valid = false;
                continue;
            }

            var value = trimmed[(equals + 1)..].Trim(' ', '\t');
            order.Add(name);
            if (!tags.TryAdd(name, value))
            {
                problems.Add(SenderProblem.Warning(DuplicateTag, $"The tag '{name}' appears more than once; receivers may ignore the record or use either value. Keep one."));
            }
        }

        // RFC 7489 §6.4: v=DMARC1 (exactly, case-sensitive) is the first tag.
        if (order.Count == 0 || order[0] != "v")
        {
            problems.Add(Invalid("The record does not start with 'v=DMARC1'; receivers ignore it."));
            valid = false;
        }
        else if (tags["v"] != Version)
        {
            problems.Add(Invalid($"'v={tags["v"]}': the version must be exactly 'DMARC1'; receivers ignore the record."));
            valid = false;
        }

        var rua = ReportUris("rua", tags, problems);
        var ruf = ReportUris("ruf", tags, problems);

        DmarcPolicy? policy = null;
        if (!tags.TryGetValue("p", out var p))
        {
            // RFC 7489 §6.6.3: without p, a record with a valid rua is applied as p=none; otherwise it is ignored.
            if (rua.Count > 0)
            {
                policy = DmarcPolicy.None;
                problems.Add(SenderProblem.Warning(Syntax, "The record has no 'p' tag; receivers apply it as 'p=none' because it has a 'rua'. State the policy: 'p=none', 'p=quarantine' or 'p=reject'."));
            }
            else
            {
                problems.Add(Invalid("The required 'p' tag is missing; receivers ignore the record."));
                valid = false;
            }
        }
        else if (ParsePolicy(p) is { } parsed)
        {
            policy = parsed;
        }
        else
        {
            problems.Add(Invalid($"'p={p}' is not a policy (none, quarantine, reject); receivers ignore the record."));
            valid = false;
        }

        var subdomainPolicy = policy;
        if (tags.TryGetValue("sp", out var sp))
        {
            if (ParsePolicy(sp) is { } parsed)
            {
                subdomainPolicy = parsed;
            }
            else
            {
                problems.Add(BadValue($"'sp={sp}' is not a policy (none, quarantine, reject); receivers use 'p' for subdomains instead."));
            }
        }

        var percent = 100;
        if (tags.TryGetValue("pct", out var pct))
        {
            if (int.TryParse(pct, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 100)
            {
                percent = value;
            }
            else
            {
                problems.Add(BadValue($"'pct={pct}' is not a whole number from 0 to 100; receivers use 100."));
            }
        }

        var adkim = Alignment("adkim", tags, problems);
        var aspf = Alignment("aspf", tags, problems);
        var fo = FailureOptions(tags, problems);

        if (tags.TryGetValue("ri", out var ri) && !(int.TryParse(ri, NumberStyles.None, CultureInfo.InvariantCulture, out var interval) && interval > 0))
        {
            problems.Add(BadValue($"'ri={ri}' is not a number of seconds; receivers use 86400 (one day)."));
        }

        foreach (var name in tags.Keys.Where(n => !KnownTags.Contains(n)))
        {
            problems.Add(SenderProblem.Info(UnknownTag, $"'{name}' is not a DMARC tag; receivers ignore it."));
        }

        if (valid)
        {
            if (policy == DmarcPolicy.None)
            {
                problems.Add(SenderProblem.Warning(PolicyNone, "'p=none' only monitors: mail that fails DMARC, including spoofed mail, is still delivered. Once the reports show your own mail passing, move to 'p=quarantine', then 'p=reject'."));
            }

            if (rua.Count == 0)
            {
                problems.Add(SenderProblem.Warning(NoAggregateReports, "No 'rua' tag: nobody receives the daily aggregate reports, so failures of your own mail and spoofing go unseen. Add 'rua=mailto:dmarc-reports@<your domain>'."));
            }

            if (percent < 100 && policy != DmarcPolicy.None)
            {
                problems.Add(SenderProblem.Warning(PartialPercent, $"'pct={percent}' applies the policy to only {percent}% of failing mail; the rest is treated one step more leniently. Raise it to 100 once the reports are clean."));
            }
        }

        return new DmarcRecord(text, valid, tags, valid ? policy : null, valid ? subdomainPolicy : null, percent, rua, ruf, adkim, aspf, fo, SenderProblems.Order(problems));
    }

    private static DmarcPolicy? ParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "none" => DmarcPolicy.None,
        "quarantine" => DmarcPolicy.Quarantine,
        "reject" => DmarcPolicy.Reject,
        _ => null,
    };

    private static string Alignment(string name, Dictionary<string, string> tags, List<SenderProblem> problems)
    {
        if (!tags.TryGetValue(name, out var value))
        {
            return "r";
        }

        var lower = value.ToLowerInvariant();
        if (lower is "r" or "s")
        {
            return lower;
        }

        problems.Add(BadValue($"'{name}={value}' is not 'r' (relaxed) or 's' (strict); receivers use 'r'."));
        return "r";
    }

    private static string FailureOptions(Dictionary<string, string> tags, List<SenderProblem> problems)
    {
        if (!tags.TryGetValue("fo", out var value))
        {
            return "0";
        }

        var options = value.Split(':').Select(o => o.Trim(' ', '\t').ToLowerInvariant()).ToList();
        if (options.All(o => o is "0" or "1" or "d" or "s"))
        {
            return string.Join(':', options);
        }

        problems.Add(BadValue($"'fo={value}' is not a colon-separated list of 0, 1, d and s; receivers use '0'."));
        return "0";
    }

    /// <summary>rua/ruf: comma-separated URIs, each optionally followed by '!' and a size limit (RFC 7489 §6.4).</summary>
    private static List<string> ReportUris(string name, Dictionary<string, string> tags, List<SenderProblem> problems)
    {
        if (!tags.TryGetValue(name, out var value))
        {
            return [];
        }

        var uris = new List<string>();
        foreach (var item in value.Split(',').Select(u => u.Trim(' ', '\t')).Where(u => u.Length > 0))
        {
            var bang = item.LastIndexOf('!');
            var uri = bang > 0 && IsSize(item[(bang + 1)..]) ? item[..bang] : item;
            if (uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && uri.Length > "mailto:".Length && uri.Contains('@', StringComparison.Ordinal))
            {
                uris.Add(item);
            }
            else
            {
                problems.Add(BadValue($"'{name}': '{item}' is not a mailto: address; receivers skip it. Write 'mailto:reports@example.com'."));
            }
        }

        return uris;
    }

    private static bool IsSize(string text) =>
        text.Length > 0 && text.TrimEnd('k', 'm', 'g', 't', 'K', 'M', 'G', 'T') is { Length: > 0 } digits && digits.All(char.IsAsciiDigit);

    private static SenderProblem Invalid(string message) =>
        SenderProblem.Error(Syntax, message + " Without a valid DMARC record Gmail and Yahoo reject bulk mail as unauthenticated.", SenderProblem.Unauthenticated);

    private static SenderProblem BadValue(string message) => SenderProblem.Warning(BadTagValue, message);
}
