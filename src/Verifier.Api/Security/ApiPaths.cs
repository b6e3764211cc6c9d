namespace Verifier.Api.Security;

/// <summary>
/// Which requests the security layer guards: the versioned API under <c>/v1</c>. Everything else (health, the
/// OpenAPI document, Swagger UI, the web page at <c>/</c> and its assets) stays open and unlimited.
/// </summary>
public static class ApiPaths
{
    private static readonly PathString Api = new("/v1");
    private static readonly PathString Verify = new("/v1/verify");

    /// <summary>True for <c>/v1</c> and everything below it.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for exactly <c>/v1/verify</c> (with or without a trailing slash), the one path publishable keys may use.</summary>
    public static bool IsVerify(PathString path) =>
        path.StartsWithSegments(Verify, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/");
}
