using Verifier.Core.Knowledge;

namespace Verifier.Api.SmtpCodes;

/// <summary>The explanation of one code.</summary>
/// <param name="Query">The code asked for.</param>
/// <param name="Match">"exact" when the code itself is known; "subject" or "class" when an unregistered code is explained by its subject or class.</param>
/// <param name="Explanation">Meaning, causes, whether to retry and what to do.</param>
public sealed record SmtpCodeExplanation(string Query, SmtpCodeMatch Match, SmtpCodeEntry Explanation);

/// <summary>The knowledge base, whole.</summary>
public sealed record SmtpCodeList(int Count, IReadOnlyList<SmtpCodeEntry> Codes);
