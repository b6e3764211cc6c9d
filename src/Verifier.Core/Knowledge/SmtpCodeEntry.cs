using Verifier.Core.Classification;

namespace Verifier.Core.Knowledge;

/// <summary>One entry of the SMTP code knowledge base: what a reply code means and what the sender should do.</summary>
/// <param name="Code">
/// The code as written: a basic reply code ("550"), an enhanced status code ("5.1.1"), or, for the class-level and
/// subject-level explanations <see cref="SmtpCodeBook.Lookup"/> falls back to, a pattern ("5xx", "5.X.X", "5.1.X").
/// </param>
/// <param name="Kind"><see cref="SmtpCodeBook.Basic"/> (RFC 5321) or <see cref="SmtpCodeBook.Enhanced"/> (RFC 3463).</param>
/// <param name="Class">"success", "intermediate" (3xx), "temporary" (4xx, 4.X.X) or "permanent" (5xx, 5.X.X).</param>
/// <param name="Title">Short meaning, e.g. "Mailbox not found".</param>
/// <param name="Meaning">What the server is saying, in plain words.</param>
/// <param name="Causes">The usual causes, most common first.</param>
/// <param name="Retry">Whether sending the same message again later can succeed.</param>
/// <param name="Advice">What the sender should do.</param>
/// <param name="RelatedReason">The verification reason this code usually leads to, when there is one.</param>
/// <param name="Reference">Where the code is defined, e.g. "RFC 5321 §4.2.2" or "RFC 3463 §3.2".</param>
public sealed record SmtpCodeEntry(
    string Code,
    string Kind,
    string Class,
    string Title,
    string Meaning,
    IReadOnlyList<string> Causes,
    bool Retry,
    string Advice,
    Reason? RelatedReason,
    string Reference);
