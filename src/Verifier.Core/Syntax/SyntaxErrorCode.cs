namespace Verifier.Core.Syntax;

/// <summary>
/// Why an address is not an RFC 5321 mailbox (what an MTA accepts on RCPT TO).
/// The parser reads left to right and reports the first problem it meets; length limits are
/// checked once a part (local part, label, domain, whole path) is syntactically complete.
/// </summary>
public enum SyntaxErrorCode
{
    /// <summary>No error: the address is a valid mailbox.</summary>
    None = 0,

    /// <summary>The input is empty.</summary>
    Empty,

    /// <summary>There is no '@' separating the local part from the domain.</summary>
    NoAtSign,

    /// <summary>Nothing before the '@' (RFC 5321 §4.1.2: the local part has at least one character).</summary>
    NoLocalPart,

    /// <summary>Nothing after the '@'.</summary>
    NoDomain,

    /// <summary>The local part is longer than 64 octets (RFC 5321 §4.5.3.1.1), counted in UTF-8 as typed.</summary>
    LocalPartTooLong,

    /// <summary>The domain is longer than 255 octets in A-label form (RFC 5321 §4.5.3.1.2).</summary>
    DomainTooLong,

    /// <summary>A domain label is longer than 63 octets in A-label form (RFC 1035 §2.3.4).</summary>
    LabelTooLong,

    /// <summary>The whole address is longer than 254 octets (RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets).</summary>
    PathTooLong,

    /// <summary>The local part or the domain starts with a dot.</summary>
    LeadingDot,

    /// <summary>The local part or the domain ends with a dot (a trailing root dot is not allowed in a mailbox).</summary>
    TrailingDot,

    /// <summary>Two dots in a row in the local part or the domain.</summary>
    ConsecutiveDots,

    /// <summary>A character not allowed at that position: a special outside a quoted string, a second '@', '_' or '/' in a domain, text after a quoted string or address literal, a non-printable or bidirectional-control Unicode character.</summary>
    InvalidCharacter,

    /// <summary>A control character (U+0000–U+001F including TAB, CR and LF, U+007F, U+0080–U+009F), anywhere, even quoted or escaped: always rejected because CR and LF would inject SMTP commands. Inside an address literal it is reported before any other problem with the literal.</summary>
    ControlCharacter,

    /// <summary>A quoted local part with no closing '"' (or one ending in a lone backslash).</summary>
    UnterminatedQuotedString,

    /// <summary>An obsolete local part mixing quoted strings and atoms, such as <c>"a".b</c> (RFC 5322 §4.4 obs-local-part; not an RFC 5321 Local-part).</summary>
    ObsoleteLocalPart,

    /// <summary>A comment '(' … ')' (RFC 5322 CFWS): not part of an RFC 5321 mailbox.</summary>
    Comment,

    /// <summary>A space outside a quoted string (RFC 5322 folding white space): not part of an RFC 5321 mailbox.</summary>
    FoldingWhiteSpace,

    /// <summary>A domain label starts or ends with a hyphen (RFC 5321 §4.1.2 sub-domain; RFC 1123 §2.1).</summary>
    DomainLabelHyphen,

    /// <summary>An address literal with no closing ']'.</summary>
    UnterminatedAddressLiteral,

    /// <summary>An address literal that is not an RFC 5321 §4.1.3 IPv4 or IPv6 literal (general address literals are not accepted).</summary>
    InvalidAddressLiteral,

    /// <summary>An internationalised domain name that IDNA (UTS #46, RFC 5891) cannot map to A-labels.</summary>
    InvalidIdn,
}
