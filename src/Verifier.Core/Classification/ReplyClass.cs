namespace Verifier.Core.Classification;

/// <summary>
/// The class of an SMTP reply (RFC 5321 §4.2.1, RFC 3463 §3.1), and of what a bounce report says about one
/// recipient. Serialised in snake_case: <c>success</c>, <c>intermediate</c>, <c>temporary</c>, <c>permanent</c>,
/// <c>none</c>, <c>unknown</c>.
/// </summary>
public enum ReplyClass
{
    /// <summary>2xx, 2.X.X: the action succeeded (a delivery notice, an accepted recipient).</summary>
    Success,

    /// <summary>3xx: the server waits for more (354 after DATA, 334 during AUTH); not an answer about a recipient.</summary>
    Intermediate,

    /// <summary>4xx, 4.X.X, or a failure the reporting MTA still retries: the same send may succeed later.</summary>
    Temporary,

    /// <summary>5xx, 5.X.X, or a failure the reporting MTA gave up on.</summary>
    Permanent,

    /// <summary>The message reports no delivery outcome: a complaint, an auto-reply, ordinary mail.</summary>
    None,

    /// <summary>The text was not recognised.</summary>
    Unknown,
}

/// <summary>The one place where a reply code becomes a <see cref="ReplyClass"/>.</summary>
public static class ReplyClasses
{
    /// <summary>The class of a basic reply code by its first digit; <see cref="ReplyClass.Unknown"/> outside 2xx–5xx.</summary>
    public static ReplyClass Of(int basicCode) => (basicCode / 100) switch
    {
        2 when basicCode >= 200 => ReplyClass.Success,
        3 => ReplyClass.Intermediate,
        4 => ReplyClass.Temporary,
        5 when basicCode < 600 => ReplyClass.Permanent,
        _ => ReplyClass.Unknown,
    };

    /// <summary>The class of an enhanced status code's class digit (2, 4 or 5).</summary>
    public static ReplyClass OfEnhanced(int classDigit) => classDigit switch
    {
        2 => ReplyClass.Success,
        4 => ReplyClass.Temporary,
        5 => ReplyClass.Permanent,
        _ => ReplyClass.Unknown,
    };

    /// <summary>The wire name: "success", "intermediate", "temporary", "permanent", "none", "unknown".</summary>
    public static string Name(ReplyClass replyClass) => replyClass switch
    {
        ReplyClass.Success => "success",
        ReplyClass.Intermediate => "intermediate",
        ReplyClass.Temporary => "temporary",
        ReplyClass.Permanent => "permanent",
        ReplyClass.None => "none",
        _ => "unknown",
    };
}
