using System.Net.Http.Headers;

namespace Verifier.Client;

public sealed partial class VerifierClient
{
    /// <inheritdoc />
    public Task<SmtpCodeList> ListSmtpCodesAsync(string? kind = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<SmtpCodeList>(new HttpRequestMessage(HttpMethod.Get, kind is null ? "v1/smtp-codes" : "v1/smtp-codes?kind=" + Escape(kind)), cancellationToken);

    /// <inheritdoc />
    public Task<SmtpCodeExplanation> ExplainSmtpCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return SendJsonAsync<SmtpCodeExplanation>(new HttpRequestMessage(HttpMethod.Get, "v1/smtp-codes/" + Escape(code)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<BounceClassifyResponse> ClassifyBounceAsync(string bounce, string mediaType = "text/plain", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bounce);
        var content = new StringContent(bounce, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return SendJsonAsync<BounceClassifyResponse>(new HttpRequestMessage(HttpMethod.Post, "v1/bounces/classify") { Content = content }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DomainReport> GetDomainAsync(string domain, bool probe = false, string? dkimSelector = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var path = "v1/domains/" + Escape(domain) + "?probe=" + (probe ? "true" : "false")
            + (dkimSelector is null ? string.Empty : "&dkimSelector=" + Escape(dkimSelector));
        return SendJsonAsync<DomainReport>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
    }
}
