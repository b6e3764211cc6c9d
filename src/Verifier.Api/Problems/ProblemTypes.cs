namespace Verifier.Api.Problems;

/// <summary>Stable <c>type</c> URIs of the problem details this API returns (RFC 9457 §3.1.1).</summary>
public static class ProblemTypes
{
    private const string Base = "urn:verifier:problem:";

    public const string Validation = Base + "validation";
    public const string BadRequest = Base + "bad-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string Internal = Base + "internal";
    public const string Unavailable = Base + "unavailable";

    /// <summary>The type for a status code when no more precise type was set.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        StatusCodes.Status503ServiceUnavailable => Unavailable,
        >= 500 => Internal,
        _ => BadRequest,
    };
}
