using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Verifier.Api.Security;
using Verifier.Client;

namespace Verifier.Api.Demo;

/// <summary>
/// <c>/demo/signup</c>: a plain form with the widget, and the few lines of backend a site writes: read the token the
/// widget put in the form, confirm it through <see cref="IVerifierClient"/>, decide. Without a token (the widget had no
/// answer in time) the backend verifies the address itself.
/// </summary>
internal static class DemoApi
{
    /// <summary>Far more than a signup form sends.</summary>
    private const long MaxFormBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/demo").ExcludeFromDescription();
        group.MapGet("/signup", ShowForm);
        group.MapPost("/signup", SignUpAsync).DisableAntiforgery();
        group.MapGet("/demo.css", (HttpContext context, DemoPages pages) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Text(pages.Css, "text/css; charset=utf-8");
        });
        return routes;
    }

    private static IResult ShowForm(HttpContext context, DemoPages pages, IOptions<DemoOptions> options, ApiKeyStore keys)
    {
        Protect(context);
        var demo = options.Value;
        if (!keys.IsOpen && (string.IsNullOrEmpty(demo.PublishableKey) || string.IsNullOrEmpty(demo.SecretKey)))
        {
            return Results.Content(
                pages.Result("Demo not configured", "This service has API keys: set Verifier:Demo:PublishableKey (a publishable key whose origins include this service's own) and Verifier:Demo:SecretKey.", []),
                "text/html; charset=utf-8",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Content(pages.Signup(demo.PublishableKey), "text/html; charset=utf-8");
    }

    private static async Task<IResult> SignUpAsync(HttpContext context, DemoPages pages, IVerifierClient verifier, CancellationToken cancellationToken)
    {
        Protect(context);
        if (context.Request.ContentLength is null or > MaxFormBytes || !context.Request.HasFormContentType)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var email = form["email"].ToString().Trim();
        var token = form["verifier_token"].ToString();
        try
        {
            // The backend's part: confirm the widget's token (or verify, when there is none), then decide.
            var (verdict, reason, source, details) = string.IsNullOrEmpty(token)
                ? FromVerification(await verifier.VerifyAsync(new VerifyRequest(email, TimeoutMs: 5000), cancellationToken))
                : FromToken(await verifier.ConfirmTokenAsync(token, email, cancellationToken));
            var welcome = verdict != Verdict.Undeliverable && reason != Reason.Disposable;
            return Page(pages, welcome ? "Welcome!" : "Please check your address",
                welcome ? $"{email} is signed up." : $"{email} cannot receive mail, so the account was not created.",
                [("address", email), ("verdict", Spell(verdict)), ("reason", Spell(reason)), ("checked by", source), .. details]);
        }
        catch (VerifierProblemException problem)
        {
            return Page(pages, "Token refused", problem.Detail ?? problem.Title ?? "The token was refused.",
                [("address", email), ("problem", problem.Type), ("status", ((int)problem.Status).ToString(CultureInfo.InvariantCulture))]);
        }
        catch (Exception unavailable) when (unavailable is HttpRequestException or TimeoutException)
        {
            return Page(pages, "Welcome!", $"{email} is signed up; the address could not be checked now (fail open).",
                [("address", email), ("checked by", "nobody: the API could not be reached")]);
        }
    }

    private static (Verdict, Reason, string, (string, string)[]) FromToken(TokenConfirmation confirmed) =>
        (confirmed.Verdict, confirmed.Reason, "the widget's token, confirmed (no second verification)",
        [("key", confirmed.Key), ("issued at", confirmed.IssuedAt.ToString("u", CultureInfo.InvariantCulture))]);

    private static (Verdict, Reason, string, (string, string)[]) FromVerification(VerificationResult result) =>
        (result.Verdict, result.Reason, "a verification by the backend (the form had no token)", []);

    private static IResult Page(DemoPages pages, string title, string summary, IEnumerable<(string, string)> details) =>
        Results.Content(pages.Result(title, summary, details), "text/html; charset=utf-8");

    private static void Protect(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = DemoPages.ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers[HeaderNames.XFrameOptions] = "DENY";
        headers[HeaderNames.CacheControl] = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Spell<TEnum>(TEnum value)
        where TEnum : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
