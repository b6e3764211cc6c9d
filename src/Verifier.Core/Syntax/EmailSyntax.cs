using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Verifier.Core.Syntax;

/// <summary>
/// RFC 5321 mailbox syntax: what an MTA accepts on <c>RCPT TO</c>, not the looser RFC 5322
/// header grammar. Dot-atom and quoted-string local parts (with RFC 6531 UTF-8), domain names
/// (IDNA-mapped to A-labels) and IPv4/IPv6 address literals. Comments, folding white space and
/// obsolete forms are rejected; control characters are rejected everywhere.
/// </summary>
/// <remarks>A hand-written single-pass scanner with vectorised fast paths; how and why: Syntax/README.md.</remarks>
public static class EmailSyntax
{
    /// <summary>Local part limit in octets (RFC 5321 §4.5.3.1.1).</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>Domain limit in octets, A-label form (RFC 5321 §4.5.3.1.2).</summary>
    public const int MaxDomainLength = 255;

    /// <summary>Whole-address limit in octets: a path is 256 octets including "&lt;" and "&gt;" (RFC 5321 §4.5.3.1.3).</summary>
    public const int MaxPathLength = 254;

    /// <summary>Domain label limit in octets (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    private const string IPv6Tag = "IPv6:";

    // Internationalised domains that passed, as typed → A-label form. A list repeats its domains,
    // so each is mapped once; the span lookup keeps a repeat free of allocation. Bounded: once
    // full, further domains are mapped every time.
    private const int IdnCacheCapacity = 4096;
    private static readonly ConcurrentDictionary<string, string> IdnCache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> IdnCacheLookup =
        IdnCache.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int IdnCacheCount;

    // RFC 5322 §3.2.3 atext (ASCII part) and RFC 5321 §4.1.2 Ldh-str characters.
    private static readonly SearchValues<char> AtextChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~");

    private static readonly SearchValues<char> LdhChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    // The same sets with '.', for the fast paths over a whole local part or domain.
    private static readonly SearchValues<char> DotAtomChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~.");

    private static readonly SearchValues<char> DomainNameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.");

    /// <summary>Checks that <paramref name="input"/> is an RFC 5321 mailbox.</summary>
    /// <param name="input">The address, without angle brackets or display name.</param>
    /// <param name="error">The first problem found, or <see cref="SyntaxError.None"/>.</param>
    /// <returns>True when the address is valid; exactly when <see cref="TryParse"/> succeeds.</returns>
    public static bool IsValid(ReadOnlySpan<char> input, out SyntaxError error)
    {
        return Parse(input, default, out _, out error);
    }

    /// <summary>Validates <paramref name="input"/> and builds the normalised address.</summary>
    /// <param name="input">The address, without angle brackets or display name.</param>
    /// <param name="address">
    /// The normalised mailbox: local part as typed (quoted only when it must be), domain lower-cased
    /// in A-label form or a normalised address literal. Null when invalid.
    /// </param>
    /// <param name="error">The first problem found, or <see cref="SyntaxError.None"/>.</param>
    /// <returns>True when the address is valid.</returns>
    public static bool TryParse(string input, [NotNullWhen(true)] out EmailAddress? address, out SyntaxError error)
    {
        ArgumentNullException.ThrowIfNull(input);
        address = null;

        Span<byte> literal = stackalloc byte[16];
        if (!Parse(input, literal, out var parsed, out error))
        {
            return false;
        }

        var span = input.AsSpan();
        var local = span[..parsed.At];
        var localPart = parsed.LocalQuoted ? NormaliseQuotedLocalPart(local) : local.ToString();

        var domain = span[(parsed.At + 1)..];
        string domainText;
        IPAddress? ip = null;
        switch (parsed.Kind)
        {
            case DomainKind.IPv4:
                ip = new IPAddress(literal[..4]);
                domainText = "[" + ip + "]";
                break;
            case DomainKind.IPv6:
                ip = new IPAddress(literal);
                domainText = "[" + IPv6Tag + ip + "]";
                break;
            default:
                domainText = parsed.ALabelDomain ?? LowerAscii(domain);
                break;
        }

        address = new EmailAddress(input, localPart, domainText, ip, parsed.LocalNonAscii);
        return true;
    }

    private enum DomainKind : byte
    {
        Name,
        IPv4,
        IPv6,
    }

    private struct Parsed
    {
        public int At;
        public bool LocalQuoted;
        public bool LocalNonAscii;
        public DomainKind Kind;
        public string? ALabelDomain;
    }

    // The fast paths and scanners it calls are marked NoInlining: inlined, they make Parse large
    // enough that the JIT compiles the common path noticeably slower (about 2x on one address).
    private static bool Parse(ReadOnlySpan<char> s, Span<byte> literal, out Parsed parsed, out SyntaxError error)
    {
        parsed = default;
        if (s.IsEmpty)
        {
            return Fail(SyntaxErrorCode.Empty, 0, out error);
        }

        if (s[0] == '"')
        {
            if (!ScanQuotedLocalPart(s, ref parsed, out error))
            {
                return false;
            }
        }
        else if (IsPlainLocalPart(s, out var at))
        {
            parsed.At = at;
        }
        else if (!ScanDotAtomLocalPart(s, ref parsed, out error))
        {
            return false;
        }

        // RFC 5321 §4.5.3.1.1: 64 octets; RFC 6531 makes them UTF-8 octets.
        var localOctets = parsed.LocalNonAscii ? Encoding.UTF8.GetByteCount(s[..parsed.At]) : parsed.At;
        if (localOctets > MaxLocalPartLength)
        {
            return Fail(SyntaxErrorCode.LocalPartTooLong, 0, out error);
        }

        var domainStart = parsed.At + 1;
        if (domainStart == s.Length)
        {
            return Fail(SyntaxErrorCode.NoDomain, s.Length, out error);
        }

        int domainOctets;
        if (s[domainStart] == '[')
        {
            if (!ScanAddressLiteral(s, domainStart, literal, ref parsed, out error))
            {
                return false;
            }

            domainOctets = s.Length - domainStart;
        }
        else if (IsPlainDomainName(s[domainStart..]))
        {
            domainOctets = s.Length - domainStart;
        }
        else if (!ScanDomainName(s, domainStart, ref parsed, out domainOctets, out error))
        {
            return false;
        }

        if (localOctets + 1 + domainOctets > MaxPathLength)
        {
            return Fail(SyntaxErrorCode.PathTooLong, 0, out error);
        }

        error = default;
        return true;
    }

    // Fast path for the common local part: ASCII atext and dots up to '@', at most 64 characters,
    // no dot at either end and no "..". True means ScanDotAtomLocalPart would accept it with
    // At = at; false means only "not this simple", and ScanDotAtomLocalPart decides.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsPlainLocalPart(ReadOnlySpan<char> s, out int at)
    {
        at = s.IndexOfAnyExcept(DotAtomChars);
        if ((uint)(at - 1) >= MaxLocalPartLength || s[at] != '@' || s[0] == '.' || s[at - 1] == '.')
        {
            return false;
        }

        PositionMasks(s[..at], out var dots, out _);
        return (dots & (dots >> 1)) == 0;
    }

    // Fast path for the common domain: ASCII letters, digits, hyphens and dots, at most 63
    // characters (so no label or domain length limit applies), no empty label, no hyphen at
    // either end of a label and no label that could be an A-label ("??--": IDNA must check it;
    // other reserved forms are rare enough to leave to the full scanner). True means
    // ScanDomainName would accept it with no IDNA mapping; false means ScanDomainName decides.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsPlainDomainName(ReadOnlySpan<char> domain)
    {
        var n = domain.Length;
        if (n > MaxLabelLength || domain.IndexOfAnyExcept(DomainNameChars) >= 0 || domain[0] == '.' || domain[n - 1] == '.')
        {
            return false;
        }

        PositionMasks(domain, out var dots, out var hyphens);
        var starts = (dots << 1) | 1;
        var ends = (dots >> 1) | (1UL << (n - 1));
        return (dots & (dots >> 1)) == 0
            && ((starts | ends) & hyphens) == 0
            && (starts & (hyphens >> 2) & (hyphens >> 3)) == 0;
    }

    // Bit i of dots (hyphens) is set when s[i] is '.' ('-'); s has 1 to 64 characters.
    private static void PositionMasks(ReadOnlySpan<char> s, out ulong dots, out ulong hyphens)
    {
        dots = 0;
        hyphens = 0;
        var chars = MemoryMarshal.Cast<char, ushort>(s);
        var count = Vector128<ushort>.Count;
        if (!Vector128.IsHardwareAccelerated || chars.Length < count)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                dots |= (chars[i] == '.' ? 1UL : 0UL) << i;
                hyphens |= (chars[i] == '-' ? 1UL : 0UL) << i;
            }

            return;
        }

        var dot = Vector128.Create((ushort)'.');
        var hyphen = Vector128.Create((ushort)'-');
        for (var i = 0; ; i += count)
        {
            // The last block overlaps the one before when the length is not a multiple of the
            // block size; OR-ing the same bits twice is harmless.
            if (i > chars.Length - count)
            {
                i = chars.Length - count;
            }

            var block = Vector128.Create(chars[i..]);
            dots |= (ulong)Vector128.Equals(block, dot).ExtractMostSignificantBits() << i;
            hyphens |= (ulong)Vector128.Equals(block, hyphen).ExtractMostSignificantBits() << i;
            if (i + count >= chars.Length)
            {
                return;
            }
        }
    }

    // RFC 5321 §4.1.2: Dot-string = Atom *("." Atom); RFC 6531 §3.3: atext =/ UTF8-non-ascii.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ScanDotAtomLocalPart(ReadOnlySpan<char> s, ref Parsed parsed, out SyntaxError error)
    {
        var lastDot = -2;
        var i = 0;
        while (true)
        {
            // Skip a run of ASCII atext at once; stop at anything else.
            var run = s[i..].IndexOfAnyExcept(AtextChars);
            if (run < 0)
            {
                return Fail(SyntaxErrorCode.NoAtSign, s.Length, out error);
            }

            i += run;
            var c = s[i];
            switch (c)
            {
                case '.':
                    if (i == 0)
                    {
                        return Fail(SyntaxErrorCode.LeadingDot, i, out error);
                    }

                    if (lastDot == i - 1)
                    {
                        return Fail(SyntaxErrorCode.ConsecutiveDots, i, out error);
                    }

                    lastDot = i++;
                    continue;
                case '@':
                    if (i == 0)
                    {
                        return Fail(SyntaxErrorCode.NoLocalPart, 0, out error);
                    }

                    if (lastDot == i - 1)
                    {
                        return Fail(SyntaxErrorCode.TrailingDot, i - 1, out error);
                    }

                    parsed.At = i;
                    error = default;
                    return true;
                case '"':
                    // a."b" is RFC 5322 obs-local-part; a"b" is just a misplaced quote.
                    return Fail(lastDot == i - 1 ? SyntaxErrorCode.ObsoleteLocalPart : SyntaxErrorCode.InvalidCharacter, i, out error);
                case >= '\u0080':
                    var code = CheckNonAscii(s, ref i);
                    if (code != SyntaxErrorCode.None)
                    {
                        return Fail(code, i, out error);
                    }

                    parsed.LocalNonAscii = true;
                    i++;
                    continue;
                default:
                    return Fail(ClassifyAscii(c), i, out error);
            }
        }
    }

    // RFC 5321 §4.1.2: Quoted-string = DQUOTE *QcontentSMTP DQUOTE;
    // qtextSMTP = %d32-33 / %d35-91 / %d93-126 (RFC 6531: / UTF8-non-ascii); quoted-pairSMTP = "\" %d32-126.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ScanQuotedLocalPart(ReadOnlySpan<char> s, ref Parsed parsed, out SyntaxError error)
    {
        parsed.LocalQuoted = true;
        var i = 1;
        while (true)
        {
            if (i >= s.Length)
            {
                return Fail(SyntaxErrorCode.UnterminatedQuotedString, s.Length, out error);
            }

            var c = s[i];
            if (c == '"')
            {
                break;
            }

            if (c == '\\')
            {
                if (++i >= s.Length)
                {
                    return Fail(SyntaxErrorCode.UnterminatedQuotedString, s.Length, out error);
                }

                c = s[i];
                if (IsControl(c))
                {
                    return Fail(SyntaxErrorCode.ControlCharacter, i, out error);
                }

                if (c > '~')
                {
                    return Fail(SyntaxErrorCode.InvalidCharacter, i, out error);
                }
            }
            else if (c >= 0x80)
            {
                var code = CheckNonAscii(s, ref i);
                if (code != SyntaxErrorCode.None)
                {
                    return Fail(code, i, out error);
                }

                parsed.LocalNonAscii = true;
            }
            else if (IsControl(c))
            {
                return Fail(SyntaxErrorCode.ControlCharacter, i, out error);
            }

            i++;
        }

        // i is at the closing quote.
        if (++i >= s.Length)
        {
            return Fail(SyntaxErrorCode.NoAtSign, s.Length, out error);
        }

        switch (s[i])
        {
            case '@':
                parsed.At = i;
                error = default;
                return true;
            case '.':
                return Fail(SyntaxErrorCode.ObsoleteLocalPart, i, out error);
            default:
                return Fail(s[i] >= 0x80 ? SyntaxErrorCode.InvalidCharacter : ClassifyAscii(s[i]), i, out error);
        }
    }

    // RFC 5321 §4.1.2: Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str].
    // Non-ASCII labels are checked by IDNA and measured in their A-label form; ASCII labels
    // starting "xn--" claim to be A-labels, so IDNA checks they decode (RFC 5891 §5.4).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ScanDomainName(ReadOnlySpan<char> s, int start, ref Parsed parsed, out int octets, out SyntaxError error)
    {
        octets = 0;
        var labelStart = start;
        var labelNonAscii = false;
        var needsIdna = false;
        var i = start;
        while (true)
        {
            // Skip a run of ASCII letters, digits and hyphens at once.
            var run = s[i..].IndexOfAnyExcept(LdhChars);
            i = run < 0 ? s.Length : i + run;
            if (i > labelStart && s[labelStart] == '-')
            {
                return Fail(SyntaxErrorCode.DomainLabelHyphen, labelStart, out error);
            }

            if (i == s.Length)
            {
                break;
            }

            var c = s[i];
            var isDot = c == '.';
            if (!isDot && c >= 0x80)
            {
                isDot = IsIdnaFullStop(c);
                if (!isDot)
                {
                    var code = CheckNonAscii(s, ref i);
                    if (code != SyntaxErrorCode.None)
                    {
                        return Fail(code, i, out error);
                    }

                    labelNonAscii = needsIdna = true;
                    i++;
                    continue;
                }

                needsIdna = true;
            }

            if (!isDot)
            {
                return Fail(ClassifyAscii(c), i, out error);
            }

            if (i == labelStart)
            {
                return Fail(i == start ? SyntaxErrorCode.LeadingDot : SyntaxErrorCode.ConsecutiveDots, i, out error);
            }

            if (!EndLabel(s, labelStart, i, labelNonAscii, out error))
            {
                return false;
            }

            needsIdna |= IsALabel(s[labelStart..i]);
            labelStart = ++i;
            labelNonAscii = false;
        }

        if (labelStart == s.Length)
        {
            return Fail(SyntaxErrorCode.TrailingDot, s.Length - 1, out error);
        }

        if (!EndLabel(s, labelStart, s.Length, labelNonAscii, out error))
        {
            return false;
        }

        if (needsIdna || IsALabel(s[labelStart..]))
        {
            return MapIdn(s, start, ref parsed, out octets, out error);
        }

        octets = s.Length - start;
        if (octets > MaxDomainLength)
        {
            return Fail(SyntaxErrorCode.DomainTooLong, start, out error);
        }

        error = default;
        return true;
    }

    private static bool IsALabel(ReadOnlySpan<char> label) =>
        label.Length >= 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' && label[2] == '-' && label[3] == '-';

    private static bool EndLabel(ReadOnlySpan<char> s, int labelStart, int end, bool nonAscii, out SyntaxError error)
    {
        if (s[end - 1] == '-')
        {
            return Fail(SyntaxErrorCode.DomainLabelHyphen, end - 1, out error);
        }

        if (!nonAscii && end - labelStart > MaxLabelLength)
        {
            return Fail(SyntaxErrorCode.LabelTooLong, labelStart, out error);
        }

        error = default;
        return true;
    }

    // RFC 5890/5891 via UTS #46: the domain is stored and measured as A-labels.
    private static bool MapIdn(ReadOnlySpan<char> s, int start, ref Parsed parsed, out int octets, out SyntaxError error)
    {
        if (IdnCacheLookup.TryGetValue(s[start..], out var cached))
        {
            parsed.ALabelDomain = cached;
            octets = cached.Length;
            error = default;
            return true;
        }

        octets = 0;
        var unicode = s[start..].ToString();
        if (!Idna.TryToAscii(unicode, out var ascii))
        {
            return DiagnoseIdn(unicode, start, out error);
        }

        ascii = ascii.ToLowerInvariant();
        var labelStart = 0;
        var labelOrdinal = 0;
        for (var i = 0; i <= ascii.Length; i++)
        {
            if (i < ascii.Length && ascii[i] != '.')
            {
                continue;
            }

            // UTS #46 maps some characters to nothing (U+200B, U+00AD, …): a label made only of them
            // vanishes, leaving an empty label or a trailing dot that the typed domain did not show.
            if (i == labelStart)
            {
                return Fail(SyntaxErrorCode.InvalidIdn, start + LabelOffset(unicode, labelOrdinal), out error);
            }

            if (i - labelStart > MaxLabelLength)
            {
                return Fail(SyntaxErrorCode.LabelTooLong, start + LabelOffset(unicode, labelOrdinal), out error);
            }

            labelStart = i + 1;
            labelOrdinal++;
        }

        if (ascii.Length > MaxDomainLength)
        {
            return Fail(SyntaxErrorCode.DomainTooLong, start, out error);
        }

        if (Volatile.Read(ref IdnCacheCount) < IdnCacheCapacity && IdnCache.TryAdd(unicode, ascii))
        {
            Interlocked.Increment(ref IdnCacheCount);
        }

        parsed.ALabelDomain = ascii;
        octets = ascii.Length;
        error = default;
        return true;
    }

    // IDNA refused the domain. IdnMapping also refuses over-long labels, so measure each label's
    // A-label form (NFKC + lower case + Punycode, RFC 3492) to tell a length problem from a bad name.
    private static bool DiagnoseIdn(string unicode, int start, out SyntaxError error)
    {
        var firstBad = -1;
        var total = 0;
        var labelStart = 0;
        for (var i = 0; i <= unicode.Length; i++)
        {
            if (i < unicode.Length && !IsIdnaFullStop(unicode[i]) && unicode[i] != '.')
            {
                continue;
            }

            var label = unicode[labelStart..i];
            var length = ALabelLength(label);
            if (length > MaxLabelLength)
            {
                return Fail(SyntaxErrorCode.LabelTooLong, start + labelStart, out error);
            }

            if (firstBad < 0 && !CanMapLabel(label))
            {
                firstBad = labelStart;
            }

            total += length + (i < unicode.Length ? 1 : 0);
            labelStart = i + 1;
        }

        if (total > MaxDomainLength)
        {
            return Fail(SyntaxErrorCode.DomainTooLong, start, out error);
        }

        return Fail(SyntaxErrorCode.InvalidIdn, start + Math.Max(firstBad, 0), out error);
    }

    private static bool CanMapLabel(string label) => Idna.TryToAscii(label, out _);

    private static int ALabelLength(string label)
    {
        string mapped;
        try
        {
            mapped = label.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return label.Length;
        }

        return Ascii.IsValid(mapped) ? mapped.Length : 4 + PunycodeLength(mapped);
    }

    // RFC 3492 §6.3 encoder, counting output characters instead of writing them.
    private static int PunycodeLength(string label)
    {
        const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700;
        var codePoints = new List<int>(label.Length);
        foreach (var rune in label.EnumerateRunes())
        {
            codePoints.Add(rune.Value);
        }

        var basic = codePoints.Count(cp => cp < 0x80);
        var output = basic + (basic > 0 ? 1 : 0);
        long n = 0x80, delta = 0;
        var bias = 72;
        var handled = basic;
        while (handled < codePoints.Count)
        {
            var m = codePoints.Where(cp => cp >= n).Min();
            delta += (m - n) * (handled + 1);
            n = m;
            foreach (var cp in codePoints)
            {
                if (cp < n)
                {
                    delta++;
                }
                else if (cp == n)
                {
                    var q = delta;
                    for (var k = Base; ; k += Base)
                    {
                        var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                        if (q < t)
                        {
                            break;
                        }

                        output++;
                        q = (q - t) / (Base - t);
                    }

                    output++;
                    bias = Adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }

            delta++;
            n++;
        }

        return output;

        static int Adapt(long delta, int points, bool first)
        {
            delta = first ? delta / Damp : delta / 2;
            delta += delta / points;
            var k = 0;
            while (delta > (Base - TMin) * TMax / 2)
            {
                delta /= Base - TMin;
                k += Base;
            }

            return (int)(k + ((Base - TMin + 1) * delta / (delta + Skew)));
        }
    }

    // RFC 5321 §4.1.3: address-literal = "[" ( IPv4-address-literal / IPv6-address-literal ) "]".
    // General-address-literal (a registered tag other than IPv6) is not accepted: none is in use.
    // Writes the address into bytes (4 for IPv4, 16 for IPv6); with an empty span, into scratch space.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ScanAddressLiteral(ReadOnlySpan<char> s, int start, scoped Span<byte> bytes, ref Parsed parsed, out SyntaxError error)
    {
        if (bytes.IsEmpty)
        {
            bytes = stackalloc byte[16];
        }

        var close = -1;
        for (var i = start + 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ']')
            {
                close = i;
                break;
            }

            if (IsControl(c))
            {
                return Fail(SyntaxErrorCode.ControlCharacter, i, out error);
            }
        }

        if (close < 0)
        {
            return Fail(SyntaxErrorCode.UnterminatedAddressLiteral, s.Length, out error);
        }

        var contentStart = start + 1;
        var content = s[contentStart..close];
        int bad;
        if (content.StartsWith(IPv6Tag, StringComparison.OrdinalIgnoreCase))
        {
            parsed.Kind = DomainKind.IPv6;
            bad = ParseIPv6(content[IPv6Tag.Length..], bytes);
            if (bad >= 0)
            {
                bad += IPv6Tag.Length;
            }
        }
        else
        {
            parsed.Kind = DomainKind.IPv4;
            bad = ParseIPv4(content, bytes);
        }

        if (bad >= 0)
        {
            return Fail(SyntaxErrorCode.InvalidAddressLiteral, contentStart + bad, out error);
        }

        if (close + 1 < s.Length)
        {
            var c = s[close + 1];
            var code = c >= 0x80 ? SyntaxErrorCode.InvalidCharacter : ClassifyAscii(c);
            return Fail(code, close + 1, out error);
        }

        error = default;
        return true;
    }

    // IPv4-address-literal = Snum 3("." Snum); Snum = 1*3DIGIT representing 0-255.
    // Returns the index of the first bad character, or -1. Digits are decimal (no inet_aton octal).
    private static int ParseIPv4(ReadOnlySpan<char> s, Span<byte> bytes)
    {
        var i = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return i;
                }

                i++;
            }

            var begin = i;
            var value = 0;
            while (i < s.Length && i - begin < 3 && char.IsAsciiDigit(s[i]))
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            if (i == begin)
            {
                return i;
            }

            if (value > 255)
            {
                return begin;
            }

            bytes[part] = (byte)value;
        }

        return i == s.Length ? -1 : i;
    }

    // IPv6-full = IPv6-hex 7(":" IPv6-hex)
    // IPv6-comp = [IPv6-hex *5(":" IPv6-hex)] "::" [IPv6-hex *5(":" IPv6-hex)]      ; at most 6 groups besides "::"
    // IPv6v4-full = IPv6-hex 5(":" IPv6-hex) ":" IPv4-address-literal
    // IPv6v4-comp = [IPv6-hex *3(":" IPv6-hex)] "::" [IPv6-hex *3(":" IPv6-hex) ":"] IPv4-address-literal ; at most 4
    // Returns the index of the first bad character (the length when the group count is wrong), or -1.
    private static int ParseIPv6(ReadOnlySpan<char> s, Span<byte> bytes)
    {
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var compressAt = -1;
        var hasIPv4 = false;
        var i = 0;

        if (s.StartsWith("::"))
        {
            compressAt = 0;
            i = 2;
        }
        else if (s.StartsWith(":"))
        {
            return 0;
        }

        while (i < s.Length)
        {
            var begin = i;
            var value = 0;
            while (i < s.Length && i - begin < 4 && char.IsAsciiHexDigit(s[i]))
            {
                value = (value << 4) | HexValue(s[i]);
                i++;
            }

            if (i == begin)
            {
                return i;
            }

            if (i < s.Length && s[i] == '.')
            {
                if (count > 6)
                {
                    return begin;
                }

                var bad = ParseIPv4(s[begin..], bytes[12..]);
                if (bad >= 0)
                {
                    return begin + bad;
                }

                hasIPv4 = true;
                break;
            }

            if (count == 8)
            {
                return begin;
            }

            groups[count++] = (ushort)value;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':')
            {
                return i;
            }

            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (compressAt >= 0)
                {
                    return i;
                }

                compressAt = count;
                i++;
            }
            else if (i == s.Length)
            {
                return i - 1;
            }
        }

        var slots = hasIPv4 ? 6 : 8;
        var countOk = compressAt < 0 ? count == slots : count <= slots - 2;
        if (!countOk)
        {
            return s.Length;
        }

        bytes[..(slots * 2)].Clear();
        var head = compressAt < 0 ? count : compressAt;
        for (var g = 0; g < count; g++)
        {
            var slot = g < head ? g : slots - (count - g);
            bytes[slot * 2] = (byte)(groups[g] >> 8);
            bytes[(slot * 2) + 1] = (byte)groups[g];
        }

        return -1;
    }

    private static string NormaliseQuotedLocalPart(ReadOnlySpan<char> quoted)
    {
        // Strip the quotes and the quoted-pair backslashes, then quote again only if needed
        // (RFC 5321 §4.1.2: the sender SHOULD use the form needing the least quoting).
        var inner = quoted[1..^1];
        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\')
            {
                i++;
            }

            sb.Append(inner[i]);
        }

        var text = sb.ToString();
        if (IsDotAtom(text))
        {
            return text;
        }

        sb.Clear().Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    private static bool IsDotAtom(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s[0] == '.' || s[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '.')
            {
                if (s[i - 1] == '.')
                {
                    return false;
                }
            }
            else if (c < 0x80 && !IsAtext(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string LowerAscii(ReadOnlySpan<char> domain) =>
        domain.ContainsAnyInRange('A', 'Z')
            ? string.Create(domain.Length, domain, static (dest, src) => src.ToLowerInvariant(dest))
            : domain.ToString();

    private static bool IsAtext(char c) => AtextChars.Contains(c);

    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);

    // UTS #46 §2.3: these separate labels like '.' does.
    private static bool IsIdnaFullStop(char c) => c is '\u3002' or '\uFF0E' or '\uFF61';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // Why an ASCII character cannot appear where it was found.
    private static SyntaxErrorCode ClassifyAscii(char c) => c switch
    {
        _ when IsControl(c) => SyntaxErrorCode.ControlCharacter,
        ' ' => SyntaxErrorCode.FoldingWhiteSpace,
        '(' => SyntaxErrorCode.Comment,
        _ => SyntaxErrorCode.InvalidCharacter,
    };

    // A non-ASCII character at s[i] (RFC 6531 UTF8-non-ascii). Advances i past a surrogate pair.
    // C1 controls are controls; separators (no-break space, line separators, …), unpaired
    // surrogates and the bidirectional embedding/override/isolate controls are not mailbox text.
    private static SyntaxErrorCode CheckNonAscii(ReadOnlySpan<char> s, ref int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                return SyntaxErrorCode.None;
            }

            return SyntaxErrorCode.InvalidCharacter;
        }

        if (char.IsLowSurrogate(c))
        {
            return SyntaxErrorCode.InvalidCharacter;
        }

        if (IsControl(c))
        {
            return SyntaxErrorCode.ControlCharacter;
        }

        if (c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
        {
            return SyntaxErrorCode.InvalidCharacter;
        }

        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => SyntaxErrorCode.InvalidCharacter,
            _ => SyntaxErrorCode.None,
        };
    }

    private static bool Fail(SyntaxErrorCode code, int index, out SyntaxError error)
    {
        error = new SyntaxError(code, index);
        return false;
    }

    // Maps the n-th label of the A-label form back to where it starts in the input.
    private static int LabelOffset(string unicode, int ordinal)
    {
        var offset = 0;
        for (var i = 0; i < unicode.Length && ordinal > 0; i++)
        {
            if (unicode[i] == '.' || IsIdnaFullStop(unicode[i]))
            {
                ordinal--;
                offset = i + 1;
            }
        }

        return offset;
    }
}
