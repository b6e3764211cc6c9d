namespace Verifier.Core.Classification;

/// <summary>The SMTP reply a real send to the address would most likely get, and what to do about it.</summary>
/// <param name="Code">Basic reply code, e.g. 550.</param>
/// <param name="EnhancedCode">Enhanced status code, e.g. "5.1.1".</param>
/// <param name="Class">"success", "temporary" or "permanent".</param>
/// <param name="Title">Short meaning, e.g. "Mailbox not found".</param>
/// <param name="Observed">True when the recipient's server actually returned this code; false when predicted.</param>
/// <param name="Action">"send", "send_with_care", "fix_or_remove", "remove", "retry_later", "check_reputation", "decide_by_policy", "none".</param>
/// <param name="Retry">Whether sending again later can succeed.</param>
/// <param name="Advice">What the sender should do, in plain words.</param>
public sealed record LikelySmtp(
    int Code,
    string EnhancedCode,
    string Class,
    string Title,
    bool Observed,
    string Action,
    bool Retry,
    string Advice);
