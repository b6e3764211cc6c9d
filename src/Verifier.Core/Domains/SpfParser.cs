using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Verifier.Core.Domains;

/// <summary>
/// Parses SPF records (RFC 7208 §4.5, §4.6, §5, §6, §7) without DNS: the version, each term, its qualifier,
/// domain-spec (macros included), ip4/ip6 networks and CIDR lengths; and reports the weaknesses a record shows
/// on its own (<c>+all</c>, <c>?all</c>, no <c>all</c>, <c>ptr</c>).
/// </summary>
public static class SpfParser
{
    public const string Version = "v=spf1";

    public const string All = "all";
    public const string Include = "include";
    public const string A = "a";
    public const string Mx = "mx";
    /// <summary>The <c>ptr</c> mechanism (deprecated, RFC 7208 §5.5).</summary>
    public const string PtrMechanism = "ptr";
    public const string Ip4 = "ip4";
    public const string Ip6 = "ip6";
    public const string Exists = "exists";
    public const string Redirect = "redirect";
    public const string Exp = "exp";

    /// <summary>A domain name is at most 253 characters in text form (RFC 1035 §2.3.4, without the root dot).</summary>
    public const int MaxDomainLength = 253;

    /// <summary>A label is at most 63 octets (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    // Problem codes.
    public const string UnknownMechanism = "spf_unknown_mechanism";
    public const string UnknownModifier = "spf_unknown_modifier";
    public const string BadQualifier = "spf_bad_qualifier";
    public const string BadIp4 = "spf_bad_ip4";
    public const string BadIp6 = "spf_bad_ip6";
    public const string BadCidr = "spf_bad_cidr";
    public const string BadDomain = "spf_bad_domain";
    public const string MissingDomain = "spf_missing_domain";
    public const string BadMacro = "spf_bad_macro";
    public const string DuplicateModifier = "spf_duplicate_modifier";
    public const string Syntax = "spf_syntax";
    public const string PassAll = "spf_pass_all";
    public const string NeutralAll = "spf_neutral_all";
    public const string NoAll = "spf_no_all";
    public const string PtrUsed = "spf_ptr";
    public const string TermsAfterAll = "spf_terms_after_all";

    /// <summary>Codes that make a record a PermError at receivers.</summary>
    public static readonly IReadOnlySet<string> SyntaxCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        UnknownMechanism, BadQualifier, BadIp4, BadIp6, BadCidr, BadDomain, MissingDomain, BadMacro, DuplicateModifier, Syntax,
    };

    /// <summary>Codes about the policy's final <c>all</c>; they matter only for the record whose <c>all</c> decides.</summary>
    public static readonly IReadOnlySet<string> AllPolicyCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        PassAll, NeutralAll, NoAll, TermsAfterAll,
    };

    // Macro letters (RFC 7208 §7.2); c, r and t are allowed only in exp.
    private const string MacroLetters = "slodiphv";
    private const string ExpMacroLetters = "slodiphvcrt";
    private const string MacroDelimiters = ".-+,/_=";

    /// <summary>True when a TXT record is an SPF record: it starts with <c>v=spf1</c> followed by a space or nothing (RFC 7208 §4.5).</summary>
    public static bool IsSpfRecord(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith(Version, StringComparison.OrdinalIgnoreCase) && (text.Length == Version.Length || text[Version.Length] == ' ');
    }

    /// <summary>Parses an SPF record. Never throws for bad input: problems are in <see cref="SpfRecord.Problems"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> is not an SPF record (see <see cref="IsSpfRecord"/>).</exception>
    public static SpfRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsSpfRecord(text))
        {
            throw new ArgumentException("Not an SPF record: it does not start with 'v=spf1'.", nameof(text));
        }

        var problems = new List<SenderProblem>();
        var terms = new List<SpfTerm>();
        var rest = text[Version.Length..];

        // RFC 7208 §4.6.1: terms are separated by one or more SP; no other white space.
        foreach (var raw in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '~'))
            {
                problems.Add(SyntaxError(Syntax, $"'{Printable(raw)}' contains white space, a control or a non-ASCII character; terms are printable ASCII separated by spaces."));
                continue;
            }

            if (ParseTerm(raw, problems) is { } term)
            {
                terms.Add(term);
            }
        }

        CheckModifiers(terms, problems);
        CheckPolicy(terms, problems);
        return new SpfRecord(text, terms, problems);
    }

    private static SpfTerm? ParseTerm(string raw, List<SenderProblem> problems)
    {
        // A modifier is name=value where the name is ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ); an '=' after ':'
        // or '/' belongs to a mechanism's domain-spec (exists:%{i}.x=y is not a modifier).
        var equals = raw.IndexOf('=', StringComparison.Ordinal);
        var separator = raw.IndexOfAny([':', '/']);
        if (equals >= 0 && (separator < 0 || equals < separator))
        {
            return ParseModifier(raw, equals, problems);
        }

        var qualifier = SpfQualifier.Pass;
        var body = raw;
        if (raw[0] is '+' or '-' or '~' or '?')
        {
            qualifier = raw[0] switch
            {
                '+' => SpfQualifier.Pass,
                '-' => SpfQualifier.Fail,
                '~' => SpfQualifier.SoftFail,
                _ => SpfQualifier.Neutral,
            };
            body = raw[1..];
            if (body.Length > 0 && body[0] is '+' or '-' or '~' or '?')
            {
                problems.Add(SyntaxError(BadQualifier, $"'{raw}' has more than one qualifier; use one of + - ~ ? before the mechanism."));
                return null;
            }
        }
        else if (!char.IsAsciiLetter(raw[0]))
        {
            problems.Add(SyntaxError(BadQualifier, $"'{raw}' starts with '{raw[0]}'; a term starts with a qualifier (+ - ~ ?) or a mechanism name."));
            return null;
        }

        if (body.Length == 0)
        {
            problems.Add(SyntaxError(Syntax, $"'{raw}' is a qualifier without a mechanism."));
            return null;
        }

        var end = body.IndexOfAny([':', '/']);
        var name = (end < 0 ? body : body[..end]).ToLowerInvariant();
        var argument = end < 0 ? null : body[end..];

        var valid = name switch
        {
            All => CheckNoArgument(raw, argument, problems),
            Include or Exists => CheckRequiredDomain(raw, name, argument, problems),
            A or Mx => CheckOptionalDomainWithCidr(raw, argument, problems),
            PtrMechanism => CheckOptionalDomain(raw, argument, problems),
            Ip4 => CheckIp4(raw, argument, problems),
            Ip6 => CheckIp6(raw, argument, problems),
            _ => Unknown(raw, name, problems),
        };

        if (!valid)
        {
            return null;
        }

        var value = argument is null ? null : argument.StartsWith(':') ? argument[1..] : argument;
        return new SpfTerm(name, qualifier, value, raw);
    }

    private static SpfTerm? ParseModifier(string raw, int equals, List<SenderProblem> problems)
    {
        var name = raw[..equals].ToLowerInvariant();
        var value = raw[(equals + 1)..];
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add(SyntaxError(Syntax, $"'{raw}' is not a modifier: the name before '=' must start with a letter and contain only letters, digits, '-', '_' and '.'."));
            return null;
        }

        switch (name)
        {
            case Redirect or Exp:
                if (value.Length == 0)
                {
                    problems.Add(SyntaxError(MissingDomain, $"'{raw}' names no domain."));
                    return null;
                }

                if (!CheckDomainSpec(raw, value, name == Exp, problems))
                {
                    return null;
                }

                break;
            default:
                // RFC 7208 §6: unrecognised modifiers are ignored by receivers, but their value must still be a macro-string.
                if (!CheckMacroString(raw, value, allowExpLetters: false, problems))
                {
                    return null;
                }

                problems.Add(SenderProblem.Info(UnknownModifier, $"'{raw}': '{name}' is not an SPF modifier; receivers ignore it. Check for a typo (redirect=, exp=)."));
                break;
        }

        return new SpfTerm(name, null, value, raw);
    }

    private static bool Unknown(string raw, string name, List<SenderProblem> problems)
    {
        var hint = name switch
        {
            "ip" => " Did you mean ip4: or ip6:?",
            "inlcude" or "incude" or "includes" => " Did you mean include:?",
            "v" or "spf" or "spf2.0" => " Only one version, v=spf1, and only at the start.",
            _ => string.Empty,
        };
        problems.Add(SyntaxError(UnknownMechanism, $"'{raw}': '{name}' is not an SPF mechanism (all, include, a, mx, ptr, ip4, ip6, exists).{hint}"));
        return false;
    }

    private static bool CheckNoArgument(string raw, string? argument, List<SenderProblem> problems)
    {
        if (argument is null)
        {
            return true;
        }

        problems.Add(SyntaxError(Syntax, $"'{raw}': 'all' takes no argument."));
        return false;
    }

    private static bool CheckRequiredDomain(string raw, string name, string? argument, List<SenderProblem> problems)
    {
        if (argument is null || !argument.StartsWith(':') || argument.Length == 1)
        {
            problems.Add(SyntaxError(MissingDomain, $"'{raw}': '{name}' needs a domain, as in {name}:_spf.example.com."));
            return false;
        }

        return CheckDomainSpec(raw, argument[1..], allowExpLetters: false, problems);
    }

    private static bool CheckOptionalDomain(string raw, string? argument, List<SenderProblem> problems)
    {
        if (argument is null)
        {
            return true;
        }

        if (!argument.StartsWith(':') || argument.Length == 1)
        {
            problems.Add(SyntaxError(Syntax, $"'{raw}': expected ':domain' after the mechanism name."));
            return false;
        }

        return CheckDomainSpec(raw, argument[1..], allowExpLetters: false, problems);
    }

    /// <summary><c>a</c> and <c>mx</c>: <c>[ ":" domain-spec ] [ "/" ip4-cidr-length ] [ "//" ip6-cidr-length ]</c> (RFC 7208 §5.3, §5.4).</summary>
    private static bool CheckOptionalDomainWithCidr(string raw, string? argument, List<SenderProblem> problems)
    {
        if (argument is null)
        {
            return true;
        }

        var rest = argument;
        var ip6 = rest.LastIndexOf("//", StringComparison.Ordinal);
        if (ip6 >= 0 && IsDigits(rest[(ip6 + 2)..]))
        {
            if (!CheckCidr(raw, rest[(ip6 + 2)..], 128, problems))
            {
                return false;
            }

            rest = rest[..ip6];
        }

        var ip4 = rest.LastIndexOf('/');
        if (ip4 >= 0 && (ip4 == 0 || rest[ip4 - 1] != '/') && IsDigits(rest[(ip4 + 1)..]))
        {
            if (!CheckCidr(raw, rest[(ip4 + 1)..], 32, problems))
            {
                return false;
            }

            rest = rest[..ip4];
        }

        if (rest.Length == 0)
        {
            return true;
        }

        if (rest.StartsWith('/'))
        {
            problems.Add(SyntaxError(BadCidr, $"'{raw}': a CIDR length is '/' and a number (0–32), then optionally '//' and a number (0–128)."));
            return false;
        }

        return CheckOptionalDomain(raw, rest, problems);
    }

    private static bool CheckIp4(string raw, string? argument, List<SenderProblem> problems)
    {
        if (argument is null || !argument.StartsWith(':') || argument.Length == 1)
        {
            problems.Add(SyntaxError(BadIp4, $"'{raw}': ip4 needs an address, as in ip4:192.0.2.0/24."));
            return false;
        }

        var network = argument[1..];
        var slash = network.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? network : network[..slash];
        if (!IsDottedQuad(address))
        {
            problems.Add(SyntaxError(BadIp4, $"'{raw}': '{address}' is not an IPv4 address in dotted-quad form (four numbers 0–255)."));
            return false;
        }

        return slash < 0 || CheckCidr(raw, network[(slash + 1)..], 32, problems);
    }

    private static bool CheckIp6(string raw, string? argument, List<SenderProblem> problems)
    {
        if (argument is null || !argument.StartsWith(':') || argument.Length == 1)
        {
            problems.Add(SyntaxError(BadIp6, $"'{raw}': ip6 needs an address, as in ip6:2001:db8::/32."));
            return false;
        }

        var network = argument[1..];
        var slash = network.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? network : network[..slash];
        var valid = address.Contains(':', StringComparison.Ordinal)
            && !address.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(address, out var parsed)
            && parsed.AddressFamily == AddressFamily.InterNetworkV6;
        if (!valid)
        {
            problems.Add(SyntaxError(BadIp6, $"'{raw}': '{address}' is not an IPv6 address."));
            return false;
        }

        return slash < 0 || CheckCidr(raw, network[(slash + 1)..], 128, problems);
    }

    private static bool CheckCidr(string raw, string digits, int max, List<SenderProblem> problems)
    {
        // RFC 7208 §5.6: leading zeros are not allowed; the length is 0–32 for IPv4, 0–128 for IPv6.
        var valid = IsDigits(digits)
            && (digits.Length == 1 || digits[0] != '0')
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length <= max;
        if (!valid)
        {
            problems.Add(SyntaxError(BadCidr, $"'{raw}': '/{digits}' is not a prefix length from 0 to {max}."));
        }

        return valid;
    }

    /// <summary>domain-spec = macro-string domain-end (RFC 7208 §7.1): checks macros, and the name itself when it has none.</summary>
    private static bool CheckDomainSpec(string raw, string spec, bool allowExpLetters, List<SenderProblem> problems)
    {
        if (!CheckMacroString(raw, spec, allowExpLetters, problems))
        {
            return false;
        }

        if (spec.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var name = spec.EndsWith('.') ? spec[..^1] : spec;
        var labels = name.Split('.');
        var valid = name.Length is > 0 and <= MaxDomainLength
            && labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= MaxLabelLength)
            && labels[^1].All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && labels[^1].Any(char.IsAsciiLetter)
            && labels[^1][0] != '-' && labels[^1][^1] != '-';
        if (!valid)
        {
            problems.Add(SyntaxError(BadDomain, $"'{raw}': '{spec}' is not a domain name (at least two labels of 1–63 characters, ending in a top-level label such as .com)."));
        }

        return valid;
    }

    /// <summary>macro-string (RFC 7208 §7.1): literals, <c>%%</c>, <c>%_</c>, <c>%-</c> and <c>%{letter digits [r] delimiters}</c>.</summary>
    private static bool CheckMacroString(string raw, string value, bool allowExpLetters, List<SenderProblem> problems)
    {
        var letters = allowExpLetters ? ExpMacroLetters : MacroLetters;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                continue;
            }

            if (i + 1 >= value.Length)
            {
                return Fail("a lone '%' at the end (write '%%' for a percent sign)");
            }

            var next = value[i + 1];
            if (next is '%' or '_' or '-')
            {
                i++;
                continue;
            }

            if (next != '{')
            {
                return Fail($"'%{next}' is not a macro (use %{{…}}, %%, %_ or %-)");
            }

            var close = value.IndexOf('}', i + 2);
            if (close < 0)
            {
                return Fail("'%{' has no closing '}'");
            }

            var macro = value[(i + 2)..close];
            var j = 0;
            if (macro.Length == 0 || !letters.Contains(char.ToLowerInvariant(macro[0]), StringComparison.Ordinal))
            {
                return Fail($"'%{{{macro}}}' does not start with a macro letter ({letters})");
            }

            j++;
            while (j < macro.Length && char.IsAsciiDigit(macro[j]))
            {
                j++;
            }

            if (j < macro.Length && macro[j] is 'r' or 'R')
            {
                j++;
            }

            while (j < macro.Length && MacroDelimiters.Contains(macro[j], StringComparison.Ordinal))
            {
                j++;
            }

            if (j != macro.Length)
            {
                return Fail($"'%{{{macro}}}' is not a macro: letter, digits, optional 'r', then delimiters from {MacroDelimiters}");
            }

            i = close;
        }

        return true;

        bool Fail(string why)
        {
            problems.Add(SyntaxError(BadMacro, $"'{raw}': {why}."));
            return false;
        }
    }

    private static void CheckModifiers(List<SpfTerm> terms, List<SenderProblem> problems)
    {
        // RFC 7208 §6: redirect and exp each appear at most once.
        foreach (var name in new[] { Redirect, Exp })
        {
            if (terms.Count(t => t.IsModifier && t.Name == name) > 1)
            {
                problems.Add(SyntaxError(DuplicateModifier, $"'{name}=' appears more than once; it may appear at most once."));
            }
        }
    }

    private static void CheckPolicy(List<SpfTerm> terms, List<SenderProblem> problems)
    {
        if (terms.Any(t => !t.IsModifier && t.Name == PtrMechanism))
        {
            problems.Add(SenderProblem.Warning(PtrUsed, "The 'ptr' mechanism is deprecated (RFC 7208 §5.5): it is slow, unreliable, and some receivers skip it or count it as an error. List the sending addresses with ip4:/ip6: or include: instead."));
        }

        var allIndex = terms.FindIndex(t => !t.IsModifier && t.Name == All);
        if (allIndex >= 0)
        {
            var after = terms.Skip(allIndex + 1).Where(t => !t.IsModifier || t.Name == Redirect).ToList();
            if (after.Count > 0)
            {
                problems.Add(SenderProblem.Warning(TermsAfterAll, $"{string.Join(' ', after.Select(t => t.Text))} come after 'all' and are never used: 'all' always matches, and 'redirect' is ignored when 'all' is present (RFC 7208 §6.1)."));
            }

            var all = terms[allIndex];
            if (all.Qualifier == SpfQualifier.Pass)
            {
                problems.Add(SenderProblem.Error(PassAll, $"'{all.Text}' lets any server on the internet send mail as this domain. End the record with '-all' (or '~all' while testing)."));
            }
            else if (all.Qualifier == SpfQualifier.Neutral)
            {
                problems.Add(SenderProblem.Warning(NeutralAll, "'?all' says nothing about other senders: receivers treat unlisted servers as if there were no SPF, so spoofed mail is not caught. End the record with '-all' or '~all'."));
            }

            return;
        }

        if (!terms.Any(t => t.IsModifier && t.Name == Redirect))
        {
            problems.Add(SenderProblem.Warning(NoAll, "The record has no 'all' and no 'redirect': mail from unlisted servers gets a neutral result, as if there were no SPF. End the record with '-all' or '~all'."));
        }
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is > 0 and <= 3
            && IsDigits(p)
            && (p.Length == 1 || p[0] != '0')
            && int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    private static SenderProblem SyntaxError(string code, string message) =>
        SenderProblem.Error(code, message + " Receivers evaluate the record as PermError, which fails authentication.", SenderProblem.SpfError);
}
