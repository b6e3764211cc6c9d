using System.ComponentModel.DataAnnotations;

namespace Verifier.Core.Domains;

/// <summary>
/// The DNS blocklists (DNSBLs) the MX addresses of a domain are looked up on. Bound from the
/// <see cref="SectionName"/> configuration section. Empty by default: each list has usage terms (Spamhaus, for
/// example, is free only for low-volume, non-commercial use and refuses queries through public resolvers).
/// </summary>
public sealed class BlocklistOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Verifier:Blocklists";

    /// <summary>DNSBL zones such as <c>zen.spamhaus.org</c> or <c>bl.spamcop.net</c>. Empty: no blocklist lookups.</summary>
    public List<string> Zones { get; set; } = [];

    /// <summary>How long one blocklist lookup may take before it counts as unanswered. Default 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Blocklist lookups in flight at once for one report. Default 8.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>MX addresses looked up at most, in MX preference order. Default 10.</summary>
    [Range(1, 100)]
    public int MaxAddresses { get; set; } = 10;

    /// <summary>True for a zone that can be queried: a DNS name of at least two LDH labels.</summary>
    public static bool IsValidZone(string? zone)
    {
        var name = zone?.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return false;
        }

        var labels = name.Split('.');
        return labels.Length >= 2 && labels.All(l =>
            l.Length is > 0 and <= 63
            && l[0] != '-' && l[^1] != '-'
            && l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Zones.Count; i++)
        {
            if (!IsValidZone(Zones[i]))
            {
                yield return new ValidationResult(
                    $"'{Zones[i]}' is not a DNS zone; write the blocklist's zone, such as zen.spamhaus.org",
                    [nameof(Zones), $"{nameof(Zones)}:{i}"]);
            }
        }
    }
}
