using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Verifier.Api.Problems;
using Verifier.Api.Security;
using Verifier.Core.Bounces;

namespace Verifier.Api.Bounces;

/// <summary><c>POST /v1/bounces/classify</c>: an SMTP reply, an MTA log line or a whole bounce message in, its meaning out.</summary>
internal static class BouncesApi
{
    /// <summary>Bounce messages are small; anything larger is refused before it is read.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] AcceptedMediaTypes = ["text/plain", "message/rfc822", "message/delivery-status"];

    public static IEndpointRouteBuilder MapBounces(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/bounces/classify", ClassifyAsync)
            .WithTags("Bounces")
            .WithName("ClassifyBounce")
            .WithSummary("Classify a bounce")
            .WithDescription("Body (text/plain or message/rfc822, at most 1 MiB): one SMTP reply (\"550 5.1.1 <bob@x>: Recipient address rejected: User unknown\"), "
                + "a Postfix/Exim/Sendmail log line, an Amazon SES notification, or a whole report message (RFC 3464 DSN, ARF feedback report, "
                + "plain-text bounces, delay warnings, delivery notices, auto-replies), parsed with MimeKit. Reasons and the action each leads to: "
                + "mailbox_not_found, mailbox_disabled, no_such_domain, no_mail_server, null_mx, invalid_syntax → suppress (retry_later when temporary); "
                + "complaint (ARF) → suppress; mailbox_full, greylisted, smtp_unavailable, timeout, dns_error, rate_limited, expired, mail_loop, "
                + "system_error, undetermined → retry_later; spam_block, auth_failure, policy, content_rejected, message_too_large → fix_configuration; "
                + "accepted, not_a_bounce, unrecognised → none. A temporary failure never suppresses.")
            .Accepts<string>("text/plain", "message/rfc822")
            .WithRequestBodyLimit(MaxBodyBytes)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return routes;
    }

    public static async Task<Results<Ok<BounceClassifyResponse>, ValidationProblem, ProblemHttpResult>> ClassifyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !AcceptedMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                detail: "Send the bounce as text/plain or message/rfc822.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                type: ProblemTypes.UnsupportedMediaType);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var text = await ReadLimitedAsync(request.Body, cancellationToken);
        if (text is null)
        {
            return TooLarge();
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = ["The body is empty: send an SMTP reply, a log line or a bounce message."] },
                title: "Invalid request",
                type: ProblemTypes.Validation);
        }

        var all = BounceClassifier.ClassifyAll(text);
        var first = all.Count > 0 ? all[0] : BounceClassifier.Classify(text);
        return TypedResults.Ok(new BounceClassifyResponse(
            first.Code, first.EnhancedCode, first.Class, first.Reason, first.Action, first.Recipient, first.DiagnosticText,
            all.Count > 0 ? all : [first]));
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        detail: $"A bounce may be at most {MaxBodyBytes / 1024} KiB.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        type: ProblemTypes.PayloadTooLarge);

    /// <summary>Reads UTF-8 text up to the limit; null when the body is longer (chunked bodies have no Content-Length).</summary>
    private static async Task<string?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var total = 0;
            int read;
            while (total <= MaxBodyBytes && (read = await body.ReadAsync(buffer.AsMemory(total, MaxBodyBytes + 1 - total), cancellationToken)) > 0)
            {
                total += read;
            }

            return total > MaxBodyBytes ? null : new UTF8Encoding(false, false).GetString(buffer, 0, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
