using System.Security.Cryptography;
using Verifier.Core.Dns;

namespace Verifier.Core.Domains;

/// <summary>What the DKIM key record of one selector says (RFC 6376 §3.6.1).</summary>
/// <param name="Checked">False when no selector was given: DKIM keys cannot be found without one.</param>
/// <param name="Selector">The selector asked about.</param>
/// <param name="Name">The name looked up: <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</param>
/// <param name="Found">True when a DKIM key record is published there.</param>
/// <param name="Valid">True when the record is a usable key: right syntax, known key type, a public key that decodes, not revoked.</param>
/// <param name="Record">The record as published.</param>
/// <param name="KeyType"><c>rsa</c> or <c>ed25519</c>.</param>
/// <param name="KeyBits">The RSA modulus size in bits (256 for Ed25519).</param>
/// <param name="Revoked">True when <c>p=</c> is empty: the key was withdrawn and signatures with it fail.</param>
/// <param name="Testing">True when <c>t=y</c>: receivers may treat failures as if unsigned.</param>
/// <param name="Problems">What is wrong, most severe first.</param>
public sealed record DkimReport(
    bool Checked,
    string? Selector,
    string? Name,
    bool Found,
    bool Valid,
    string? Record,
    string? KeyType,
    int? KeyBits,
    bool Revoked,
    bool Testing,
    IReadOnlyList<SenderProblem> Problems);

/// <summary>Reads DKIM key records (RFC 6376 §3.6.1, RFC 8463 for Ed25519, RFC 8301 for key sizes) without DNS.</summary>
public static class DkimCheck
{
    public const string SelectorNeeded = "dkim_selector_needed";
    public const string NotFound = "dkim_not_found";
    public const string Revoked = "dkim_revoked";
    public const string Syntax = "dkim_syntax";
    public const string WeakKey = "dkim_weak_key";
    public const string Testing = "dkim_testing";
    public const string MultipleRecords = "dkim_multiple_records";
    public const string DnsError = "dkim_dns_error";

    /// <summary>RSA keys shorter than this are not valid for verifiers (RFC 8301 §3.2).</summary>
    public const int MinimumRsaBits = 1024;

    /// <summary>RSA keys at least this long are what signers should use (RFC 8301 §3.2).</summary>
    public const int RecommendedRsaBits = 2048;

    private const int Ed25519KeyLength = 32;

    /// <summary>The name of a selector's key record.</summary>
    public static string RecordName(string selector, string domain) => $"{selector}._domainkey.{domain}";

    /// <summary>
    /// True for a selector that can go in a DNS name: dot-separated labels of letters, digits, '-' and '_'
    /// (RFC 6376 §3.1 allows only sub-domain labels; '_' is accepted because some providers publish it), at most
    /// 63 characters each.
    /// </summary>
    public static bool IsValidSelector(string? selector) =>
        selector is { Length: > 0 and <= 200 }
        && selector.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));

    /// <summary>The report when no selector was given.</summary>
    public static DkimReport NotChecked() => new(
        Checked: false, Selector: null, Name: null, Found: false, Valid: false, Record: null, KeyType: null, KeyBits: null,
        Revoked: false, Testing: false,
        [SenderProblem.Info(SelectorNeeded, "DKIM keys live at <selector>._domainkey.<domain> and cannot be listed: give the selector your mail provider signs with as ?dkimSelector= (it is the s= tag of the DKIM-Signature header of a message you sent).")]);

    /// <summary>The report for the TXT answer at <see cref="RecordName"/>.</summary>
    public static DkimReport FromAnswer(string selector, string domain, DnsAnswer<string> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var name = RecordName(selector, domain);
        if (answer.IsFailure)
        {
            return Empty(selector, name, SenderProblem.Warning(DnsError, $"The TXT record at {name} could not be read ({answer.Error ?? answer.Outcome.ToString()}); receivers answering now would defer mail (TempError)."));
        }

        // Key records usually have v=DKIM1 or p=; any other TXT record at the name is not a key.
        var keys = answer.Records.Where(IsKeyRecord).ToList();
        if (keys.Count == 0)
        {
            return Empty(selector, name, SenderProblem.Error(NotFound, $"No DKIM key at {name}. Mail signed with selector '{selector}' fails DKIM; with SPF failing too, Gmail and Yahoo reject it as unauthenticated. Publish the key your provider gives you, or check the selector.", SenderProblem.Unauthenticated));
        }

        var report = Parse(selector, name, keys[0]);
        return keys.Count == 1
            ? report
            : report with { Problems = SenderProblems.Order([.. report.Problems, SenderProblem.Error(MultipleRecords, $"{keys.Count} key records at {name}: receivers cannot tell which one to use and may fail the signature. Keep one.", SenderProblem.Unauthenticated)]) };
    }

    /// <summary>Parses one key record.</summary>
    public static DkimReport Parse(string selector, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<SenderProblem>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = true;
        foreach (var part in text.Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(SyntaxError($"'{trimmed}' is not a tag=value pair."));
                continue;
            }

            var tag = trimmed[..equals].Trim();
            var value = trimmed[(equals + 1)..].Trim();
            if (tag == "v" && !first)
            {
                problems.Add(SyntaxError("'v=' must be the first tag."));
            }

            tags.TryAdd(tag, value);
            first = false;
        }

        if (tags.TryGetValue("v", out var version) && version != "DKIM1")
        {
            problems.Add(SyntaxError($"'v={version}': the version must be 'DKIM1'."));
        }

        var keyType = tags.TryGetValue("k", out var k) ? k.ToLowerInvariant() : "rsa";
        if (keyType is not ("rsa" or "ed25519"))
        {
            problems.Add(SyntaxError($"'k={k}' is not a key type receivers know (rsa, ed25519)."));
        }

        var flags = tags.TryGetValue("t", out var t) ? t.Split(':').Select(f => f.Trim()).ToList() : [];
        var testing = flags.Contains("y");
        if (testing)
        {
            problems.Add(SenderProblem.Info(Testing, "'t=y': the domain is testing DKIM, and receivers may treat failing signatures as if the mail were unsigned. Remove it once signing works."));
        }

        int? bits = null;
        var revoked = false;
        if (!tags.TryGetValue("p", out var p))
        {
            problems.Add(SyntaxError("The required 'p=' tag (the public key) is missing."));
        }
        else
        {
            var base64 = string.Concat(p.Where(c => !char.IsWhiteSpace(c)));
            if (base64.Length == 0)
            {
                revoked = true;
                problems.Add(SenderProblem.Error(Revoked, "'p=' is empty: the key was revoked, and every signature with this selector fails. Sign with a current selector.", SenderProblem.Unauthenticated));
            }
            else
            {
                bits = KeyBits(keyType, base64, problems);
            }
        }

        if (keyType == "rsa" && bits is { } size)
        {
            if (size < MinimumRsaBits)
            {
                problems.Add(SenderProblem.Error(WeakKey, $"The RSA key has {size} bits; receivers ignore keys under {MinimumRsaBits} bits (RFC 8301), so signatures fail. Publish a {RecommendedRsaBits}-bit key.", SenderProblem.Unauthenticated));
            }
            else if (size < RecommendedRsaBits)
            {
                problems.Add(SenderProblem.Warning(WeakKey, $"The RSA key has {size} bits; {RecommendedRsaBits} bits is the recommended size (RFC 8301). Rotate to a longer key."));
            }
        }

        var valid = !revoked && !problems.Any(problem => problem.Severity == SenderProblemSeverity.Error);
        return new DkimReport(true, selector, name, Found: true, valid, text, keyType, bits, revoked, testing, SenderProblems.Order(problems));
    }

    private static int? KeyBits(string keyType, string base64, List<SenderProblem> problems)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            problems.Add(SyntaxError("'p=' is not valid base64."));
            return null;
        }

        if (keyType == "ed25519")
        {
            if (key.Length == Ed25519KeyLength)
            {
                return 256;
            }

            problems.Add(SyntaxError($"'p=' is {key.Length} bytes; an Ed25519 public key is {Ed25519KeyLength} bytes (RFC 8463)."));
            return null;
        }

        if (keyType != "rsa")
        {
            return null;
        }

        using var rsa = RSA.Create();
        try
        {
            // RFC 6376 §3.6.1 specifies SubjectPublicKeyInfo; some publishers put a bare PKCS#1 RSAPublicKey.
            rsa.ImportSubjectPublicKeyInfo(key, out _);
        }
        catch (CryptographicException)
        {
            try
            {
                rsa.ImportRSAPublicKey(key, out _);
            }
            catch (CryptographicException)
            {
                problems.Add(SyntaxError("'p=' does not decode to an RSA public key."));
                return null;
            }
        }

        return rsa.KeySize;
    }

    private static bool IsKeyRecord(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.StartsWith("v=DKIM1", StringComparison.OrdinalIgnoreCase)
            || trimmed.Split(';').Any(t => t.Trim().StartsWith("p=", StringComparison.Ordinal) || t.Trim().StartsWith("k=", StringComparison.Ordinal));
    }

    private static DkimReport Empty(string selector, string name, SenderProblem problem) =>
        new(true, selector, name, Found: false, Valid: false, Record: null, KeyType: null, KeyBits: null, Revoked: false, Testing: false, [problem]);

    private static SenderProblem SyntaxError(string message) =>
        SenderProblem.Error(Syntax, message + " Receivers cannot verify signatures with this selector.", SenderProblem.Unauthenticated);
}
