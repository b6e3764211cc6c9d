using MimeKit;

namespace Verifier.Core.Bounces;

/// <summary>
/// The per-recipient fields of RFC 3464 delivery status parts: one piece of evidence per failed or delayed
/// recipient, each recipient once even when a report repeats its block.
/// </summary>
/// <remarks>
/// The recipient is the address the sender used: <c>Original-Recipient</c> when it is an address, else
/// <c>Final-Recipient</c>, else <c>X-Actual-Recipient</c> (Sendmail's address after alias expansion), else the
/// address the report's text names. <c>Action</c> may carry a comment ("failed (Bad destination mailbox address)")
/// and appears as <c>failure</c> or <c>error</c> in the wild. A block without a Diagnostic-Code is explained by the
/// report's text when that names the recipient's reply.
/// </remarks>
internal static class DeliveryStatusFields
{
    public sealed record Reading(IReadOnlyList<BounceEvidence> Failures, int Delivered);

    public static Reading Read(IReadOnlyList<MessageDeliveryStatus> statuses, string body)
    {
        var failures = new List<BounceEvidence>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var delivered = 0;
        foreach (var status in statuses)
        {
            var groups = status.StatusGroups;
            var remoteMta = groups.Count > 0 ? Host(groups[0]["Remote-MTA"]) : null;
            // The first group holds the per-message fields, unless a blank line too many made it the first recipient's.
            var perRecipient = groups.Count > 0 && NamesRecipient(groups[0]) ? groups : groups.Skip(1);
            foreach (var group in Merged(perRecipient))
            {
                var action = FirstWord(group["Action"]);
                if (action is "DELIVERED" or "RELAYED" or "EXPANDED")
                {
                    delivered++;
                    continue;
                }

                if (action.Length == 0 && group["Status"] is null && group["Diagnostic-Code"] is null)
                {
                    continue;
                }

                var evidence = FromGroup(group, action, remoteMta, body);
                if (evidence.Recipient is null || seen.Add(evidence.Recipient))
                {
                    failures.Add(evidence);
                }
            }
        }

        return new Reading(failures, delivered);
    }

    /// <summary>
    /// The per-recipient groups, where a group that names no recipient is joined to the one before it: some MTAs
    /// write a blank line inside a recipient's block.
    /// </summary>
    private static IEnumerable<HeaderList> Merged(IEnumerable<HeaderList> groups)
    {
        HeaderList? current = null;
        foreach (var group in groups)
        {
            if (current is not null && !NamesRecipient(group))
            {
                foreach (var header in group)
                {
                    if (!current.Contains(header.Field))
                    {
                        current.Add(header.Field, header.Value);
                    }
                }

                continue;
            }

            if (current is not null)
            {
                yield return current;
            }

            current = new HeaderList();
            foreach (var header in group)
            {
                current.Add(header.Field, header.Value);
            }
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static bool NamesRecipient(HeaderList group) =>
        group.Contains("Final-Recipient") || group.Contains("Original-Recipient") || group.Contains("X-Actual-Recipient");

    private static BounceEvidence FromGroup(HeaderList group, string action, string? remoteMta, string body)
    {
        var recipient = Address(group["Original-Recipient"]) ?? Address(group["Final-Recipient"])
            ?? Address(group["X-Actual-Recipient"]) ?? BounceTextParser.Recipient(body);
        var deferred = action switch
        {
            "DELAYED" => true,
            "FAILED" or "FAILURE" or "ERROR" => false,
            _ => (bool?)null,
        };
        var host = Host(group["Remote-MTA"]) ?? remoteMta;

        var status = FirstWord(group["Status"]);
        var statusCode = ReplyText.IsEnhanced(status) ? status : null;

        BounceEvidence? fromDiagnostic = null;
        if (group["Diagnostic-Code"] is { } diagnostic)
        {
            var semicolon = diagnostic.IndexOf(';', StringComparison.Ordinal);
            var type = semicolon < 0 ? "" : diagnostic[..semicolon].Trim();
            var value = ReplyText.Collapse(semicolon < 0 ? diagnostic : diagnostic[(semicolon + 1)..]);
            fromDiagnostic = BounceTextParser.ReadDiagnostic(value, type);
        }

        if (fromDiagnostic is null && statusCode is null && ReplyText.TryParse(group["Status"] ?? "", out var statusReply, out var statusEnhanced, out var statusText))
        {
            // Some MTAs write the reply itself into Status ("Status: 553 Exceeded maximum inbound message size").
            fromDiagnostic = new BounceEvidence(statusReply, statusEnhanced, statusText, null, null);
        }

        if (fromDiagnostic is { Code: { } cut } && IsFirstLineOnly(group["Diagnostic-Code"])
            && BounceTextParser.TranscriptReply(body, cut) is { } transcript && transcript.Text.Length > fromDiagnostic.Text.Length)
        {
            // Sendmail keeps only the first line of a multi-line reply ("550-5.7.1 …"); its transcript has all of it.
            fromDiagnostic = transcript with { EnhancedCode = transcript.EnhancedCode ?? fromDiagnostic.EnhancedCode };
        }

        if (fromDiagnostic is null && BounceTextParser.ReadBody(body, recipient, deferred) is { } explained
            && (explained.Code is not null || explained.Text.Length > 0))
        {
            // Sendmail and Exchange write no Diagnostic-Code for some failures; the report's text explains them.
            fromDiagnostic = explained;
        }
        else if (fromDiagnostic is { Code: null } && body.Length > 0
            && !Classification.ReplyInterpreter.Read(0, null, fromDiagnostic.Text).Decisive)
        {
            // An X.400 gateway's "Reason 1 (Unable-To-Transfer)" says nothing; its text says what the MTA was told.
            fromDiagnostic = fromDiagnostic with { Text = fromDiagnostic.Text + " " + ReplyText.Collapse(ReportText.WithoutOriginal(body)) };
        }

        var evidence = (fromDiagnostic ?? new BounceEvidence(null, null, "", null, null)) with
        {
            Recipient = recipient,
            Deferred = deferred,
            RemoteHost = host,
        };
        var preferred = PreferredEnhanced(statusCode, evidence.EnhancedCode);
        return evidence with
        {
            EnhancedCode = preferred,
            StatusReported = preferred is not null && evidence.EnhancedCode != preferred,
        };
    }

    /// <summary>
    /// The DSN Status field is authoritative (RFC 3464 §2.3.4), except that MTAs write a generic X.0.0 when the
    /// remote reply had a specific code of its own.
    /// </summary>
    private static string? PreferredEnhanced(string? status, string? fromReply)
    {
        if (status is null)
        {
            return fromReply;
        }

        return fromReply is not null && (status.EndsWith(".0.0", StringComparison.Ordinal) || status[0] != fromReply[0]) ? fromReply : status;
    }

    /// <summary>A Diagnostic-Code that holds the first line of a multi-line reply ("smtp; 550-5.7.1 …").</summary>
    private static bool IsFirstLineOnly(string? diagnostic)
    {
        var value = diagnostic is null ? "" : diagnostic[(diagnostic.IndexOf(';', StringComparison.Ordinal) + 1)..].TrimStart();
        return value.Length > 3 && char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[1]) && char.IsAsciiDigit(value[2]) && value[3] == '-';
    }

    private static string FirstWord(string? field)
    {
        var value = (field ?? "").Trim();
        var end = value.IndexOfAny([' ', '\t', '(', ';']);
        return (end < 0 ? value : value[..end]).ToUpperInvariant();
    }

    /// <summary>"rfc822; bob@example.com" → "bob@example.com"; null when the field holds no address.</summary>
    private static string? Address(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var semicolon = field.LastIndexOf(';');
        var address = (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim().Trim('<', '>').Trim();
        var at = address.LastIndexOf('@');
        return at > 0 && at < address.Length - 1 && !address.Contains(' ', StringComparison.Ordinal) && address[0] != '@'
            ? address
            : null;
    }

    /// <summary>"dns; mx.example.com" → "mx.example.com".</summary>
    private static string? Host(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var semicolon = field.IndexOf(';', StringComparison.Ordinal);
        var host = (semicolon < 0 ? field : field[(semicolon + 1)..]).Trim();
        var end = host.IndexOfAny([' ', '\t', '[', '(']);
        return end == 0 ? null : end < 0 ? host : host[..end];
    }
}
