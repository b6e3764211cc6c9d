namespace Verifier.Core.Classification;

/// <summary>How one mail provider's receiving servers behave towards an RCPT probe.</summary>
/// <param name="Name">Display name, e.g. "Yahoo / AOL".</param>
/// <param name="MxSuffixes">
/// MX host suffixes, lower-case, without a leading or trailing dot. A host matches a suffix when it equals
/// it or ends with "." + suffix (label boundary).
/// </param>
/// <param name="AcceptsAllAtRcpt">
/// True when the servers answer 250 to any recipient at RCPT time and reject unknown ones only later (by
/// bounce), so no RCPT acceptance proves a mailbox exists: a 250 there is risky/catch_all, never deliverable.
/// </param>
/// <param name="CatchAllDetectionReliable">
/// True when the servers reject unknown recipients at RCPT consistently, so a 250 is trusted even when the
/// random-recipient probe gave no answer. False when acceptance is unproven unless the random-recipient probe
/// was rejected in the same session (filtering gateways, Microsoft 365 tenants without edge blocking).
/// </param>
/// <param name="UserUnknownPhrases">
/// Wordings this provider uses for a missing mailbox that would read otherwise without context (matched
/// case-insensitively after the blocklist checks).
/// </param>
/// <param name="Markers">
/// Tokens only this provider writes (Yahoo's <c>[TSS04]</c>, Microsoft's <c>(S3150)</c>, Gmail's <c>?p=NoSuchUser</c>),
/// with the reason each names; read wherever they appear, also in bounces that do not say which MX answered.
/// </param>
public sealed record ProviderProfile(
    string Name,
    IReadOnlyList<string> MxSuffixes,
    bool AcceptsAllAtRcpt,
    bool CatchAllDetectionReliable,
    IReadOnlyList<string> UserUnknownPhrases,
    IReadOnlyList<ProviderMarker>? Markers = null);

/// <summary>A token one provider writes in its replies, and the reason it names.</summary>
public sealed record ProviderMarker(string Token, ReplyReason Reason);
