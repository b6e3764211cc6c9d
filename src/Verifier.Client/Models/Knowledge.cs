namespace Verifier.Client;

/// <summary>How a code asked for matched the knowledge base.</summary>
[ApiSchema("SmtpCodeMatch")]
public enum SmtpCodeMatch
{
    /// <summary>The code itself.</summary>
    Exact,

    /// <summary>The enhanced code's subject (e.g. 5.1.x).</summary>
    Subject,

    /// <summary>Only its class (4xx, 5xx).</summary>
    Class,

    /// <summary>Not a code.</summary>
    Malformed,
}

/// <summary>What an SMTP reply code means and what to do.</summary>
/// <param name="Code">550 or 5.1.1.</param>
/// <param name="Kind">basic or enhanced.</param>
/// <param name="Class">The reply class: permanent, temporary, success, …</param>
/// <param name="Title">Short meaning.</param>
/// <param name="Meaning">What it means.</param>
/// <param name="Causes">Common causes.</param>
/// <param name="Retry">Whether retrying can help.</param>
/// <param name="Advice">What to do.</param>
/// <param name="RelatedReason">The verification reason it leads to.</param>
/// <param name="Reference">Where it is defined.</param>
[ApiSchema("SmtpCodeEntry")]
public sealed record SmtpCodeEntry(string? Code, string? Kind, string? Class, string? Title, string? Meaning, IReadOnlyList<string> Causes, bool Retry, string? Advice, Reason? RelatedReason, string? Reference);

/// <summary>The answer of <c>GET /v1/smtp-codes/{code}</c>.</summary>
/// <param name="Query">The code asked for.</param>
/// <param name="Match">How it matched.</param>
/// <param name="Explanation">The entry.</param>
[ApiSchema("SmtpCodeExplanation")]
public sealed record SmtpCodeExplanation(string? Query, SmtpCodeMatch Match, SmtpCodeEntry Explanation);

/// <summary>The answer of <c>GET /v1/smtp-codes</c>.</summary>
/// <param name="Count">Entries.</param>
/// <param name="Codes">The entries.</param>
[ApiSchema("SmtpCodeList")]
public sealed record SmtpCodeList(int Count, IReadOnlyList<SmtpCodeEntry> Codes);

/// <summary>What a bounce says (<c>POST /v1/bounces/classify</c>).</summary>
/// <param name="Code">Basic reply code.</param>
/// <param name="EnhancedCode">Enhanced status code.</param>
/// <param name="Class">The reply class: permanent, temporary, success, …</param>
/// <param name="Reason">What the reply or report says about the recipient.</param>
/// <param name="Action">What to do with the address.</param>
/// <param name="Recipient">The recipient it is about.</param>
/// <param name="Diagnostic">The diagnostic text.</param>
/// <param name="Recipients">Every recipient of a multi-recipient report.</param>
[ApiSchema("BounceClassifyResponse")]
public sealed record BounceClassifyResponse(int? Code, string? EnhancedCode, ReplyClass Class, ReplyReason Reason, SenderAction Action, string? Recipient, string? Diagnostic, IReadOnlyList<BounceClassification> Recipients);

/// <summary>One recipient of a bounce report.</summary>
/// <param name="Code">Basic reply code.</param>
/// <param name="EnhancedCode">Enhanced status code.</param>
/// <param name="Class">The reply class: permanent, temporary, success, …</param>
/// <param name="Reason">What the reply or report says about the recipient.</param>
/// <param name="Action">What to do with the address.</param>
/// <param name="Recipient">The recipient.</param>
/// <param name="DiagnosticText">The diagnostic text.</param>
[ApiSchema("BounceClassification")]
public sealed record BounceClassification(int? Code, string? EnhancedCode, ReplyClass Class, ReplyReason Reason, SenderAction Action, string? Recipient, string? DiagnosticText);
