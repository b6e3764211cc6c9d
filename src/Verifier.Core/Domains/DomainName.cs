using System.Diagnostics.CodeAnalysis;
using Verifier.Core.Syntax;

namespace Verifier.Core.Domains;

/// <summary>
/// Checks and normalises a domain name asked about on its own (not inside an address): the same rules as the
/// domain of a mailbox in the syntax stage (RFC 5321 §4.1.2, RFC 1035 §2.3.4, IDNA mapped to A-labels with
/// UTS #46 STD3 rules), plus at least two labels and a top-level label that is not all digits (RFC 3696 §2), so
/// that an IP address or a bare TLD is not taken for a mail domain.
/// </summary>
public static class DomainName
{
    /// <summary>A domain is at most 253 characters in text form without the root dot (255 octets on the wire).</summary>
    public const int MaxLength = 253;

    /// <summary>A label is at most 63 octets (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Validates <paramref name="input"/> and gives its lower-case A-label form without a trailing dot.</summary>
    /// <param name="input">The domain as typed: ASCII or Unicode (IDN), optionally with one trailing dot.</param>
    /// <param name="domain">The A-label form, e.g. <c>xn--bcher-kva.example</c> for <c>Bücher.example</c>.</param>
    /// <param name="error">Why the input is not a domain name.</param>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? domain, [NotNullWhen(false)] out string? error)
    {
        domain = null;
        if (string.IsNullOrEmpty(input))
        {
            error = "The domain is empty.";
            return false;
        }

        if (input.Any(char.IsControl))
        {
            error = "The domain contains a control character.";
            return false;
        }

        if (input.Any(char.IsWhiteSpace))
        {
            error = "The domain contains white space.";
            return false;
        }

        // Far longer than any domain, even in Unicode form: not worth mapping.
        if (input.Length > MaxLength * 4)
        {
            error = $"The domain is longer than {MaxLength} characters.";
            return false;
        }

        var name = input.EndsWith('.') ? input[..^1] : input;
        if (name.Length == 0 || name.StartsWith('.'))
        {
            error = "The domain starts with a dot or is only a dot.";
            return false;
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            error = "The domain has an empty label (two dots in a row).";
            return false;
        }

        string? ascii;
        if (System.Text.Ascii.IsValid(name) && !name.Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            ascii = name.ToLowerInvariant();
        }
        else if (Idna.TryToAscii(name, out ascii))
        {
            ascii = ascii.ToLowerInvariant();
        }
        else
        {
            error = "The domain is not a valid internationalised domain name (IDNA cannot map it to A-labels).";
            return false;
        }

        if (ascii.Length > MaxLength)
        {
            error = $"The domain is longer than {MaxLength} characters in A-label form.";
            return false;
        }

        var labels = ascii.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength)
            {
                error = $"The label '{label}' is empty or longer than {MaxLabelLength} characters.";
                return false;
            }

            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                error = $"The label '{label}' has a character other than letters, digits and '-'.";
                return false;
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                error = $"The label '{label}' starts or ends with '-'.";
                return false;
            }
        }

        if (labels.Length < 2)
        {
            error = "A mail domain has at least two labels, such as example.com.";
            return false;
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            error = "The top-level label is all digits: an IP address is not a domain.";
            return false;
        }

        domain = ascii;
        error = null;
        return true;
    }
}
