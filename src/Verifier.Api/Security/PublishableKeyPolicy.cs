using Microsoft.Extensions.Primitives;
using Verifier.Core.Privacy;
using Verifier.Core.Syntax;

namespace Verifier.Api.Security;

/// <summary>
/// What a publishable key's <c>GET /v1/verify</c> may ask for, applied after the rate limiter:
/// <list type="bullet">
/// <item><c>refresh</c> is dropped: a key anyone can copy does not bypass the cache;</item>
/// <item>an SMTP check of a domain beyond the key's new-domain limit (<see cref="INewDomainLimiter"/>) becomes
/// <c>smtp=false</c>: the answer is syntax and DNS only (reason <c>smtp_not_checked</c>, or the cached full verdict)
/// and carries the <see cref="SmtpLimitedHeader"/> header. A signup form keeps working — syntax, dead domains and
/// typos are still caught — while the key is useless as a bulk SMTP verifier.</item>
/// </list>
/// </summary>
internal sealed partial class PublishableKeyPolicy(RequestDelegate next, INewDomainLimiter limiter, ILogger<PublishableKeyPolicy> logger)
{
    /// <summary>Set on answers whose SMTP check was skipped because of the new-domain limit.</summary>
    public const string SmtpLimitedHeader = "X-Smtp-Limited";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<ApiCaller>() is { Kind: ApiCallerKind.Publishable, Id: { } keyId })
        {
            await RestrictAsync(context, keyId);
        }

        await next(context);
    }

    private async Task RestrictAsync(HttpContext context, string keyId)
    {
        var query = context.Request.Query;
        var values = query.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        var changed = values.Remove("refresh");

        if (WantsSmtp(query["smtp"])
            && query["email"] is [{ } email]
            && EmailSyntax.TryParse(email, out var address, out _)
            && !await limiter.TryAdmitAsync(keyId, address.Domain, context.RequestAborted))
        {
            values["smtp"] = "false";
            changed = true;
            context.Response.Headers[SmtpLimitedHeader] = "new-domains-per-minute";
            var masked = AddressMasking.Mask(address.Mailbox);
            LogSmtpSkipped(logger, masked, keyId);
        }

        if (changed)
        {
            context.Request.Query = new QueryCollection(values);
        }
    }

    /// <summary>SMTP is on unless the query turns it off; a value that is not a boolean is left for the endpoint to refuse.</summary>
    private static bool WantsSmtp(StringValues smtp) =>
        smtp.Count == 0 || (smtp.Count == 1 && bool.TryParse(smtp[0], out var wanted) && wanted);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP check of {Address} skipped: {Key} reached its limit of new domains a minute")]
    private static partial void LogSmtpSkipped(ILogger logger, string address, string key);
}
