using System.Net;

namespace Verifier.Client;

/// <summary>
/// An error answer of the API: its RFC 9457 problem details (<c>type</c>, <c>status</c>, <c>title</c>, <c>detail</c>,
/// and for invalid values the <c>errors</c> map). Answers that are not problem details (a proxy's HTML page) are
/// reported with the status and <c>about:blank</c> as type.
/// </summary>
public sealed class VerifierProblemException : Exception
{
    /// <summary>Creates the exception for a problem answer.</summary>
    public VerifierProblemException(
        string type,
        HttpStatusCode status,
        string? title,
        string? detail,
        string? instance = null,
        IReadOnlyDictionary<string, string[]>? errors = null,
        TimeSpan? retryAfter = null)
        : base(Describe(type, status, title, detail))
    {
        Type = type;
        Status = status;
        Title = title;
        Detail = detail;
        Instance = instance;
        Errors = errors ?? new Dictionary<string, string[]>();
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public VerifierProblemException()
        : this("about:blank", 0, null, null)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public VerifierProblemException(string message)
        : this("about:blank", 0, message, null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public VerifierProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Type = "about:blank";
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>The problem's stable type, e.g. <c>urn:verifier:problem:token-expired</c>.</summary>
    public string Type { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>A short summary of the problem type.</summary>
    public string? Title { get; }

    /// <summary>What went wrong with this request.</summary>
    public string? Detail { get; }

    /// <summary>The request path the problem is about.</summary>
    public string? Instance { get; }

    /// <summary>For invalid values: property name → messages (empty otherwise).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>From <c>Retry-After</c> on 429 and 503 answers.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True for answers that say "not now" rather than "no": 408, 429, 5xx. A backend that fails open treats these as
    /// unknown, never as a bad address.
    /// </summary>
    public bool IsTransient => Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)Status >= 500;

    private static string Describe(string type, HttpStatusCode status, string? title, string? detail) =>
        $"{(int)status} {title ?? status.ToString()}: {detail ?? "(no detail)"} [{type}]";
}
