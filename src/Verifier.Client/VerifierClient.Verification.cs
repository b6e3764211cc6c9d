using System.Globalization;
using System.Net.Http.Json;
using System.Text;

namespace Verifier.Client;

public sealed partial class VerifierClient
{
    /// <inheritdoc />
    public Task<VerificationResult> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendJsonAsync<VerificationResult>(
            new HttpRequestMessage(HttpMethod.Post, "v1/verify") { Content = JsonContent.Create(request, options: VerifierJson.Options) },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<VerificationResult> VerifyWithQueryAsync(VerifyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new StringBuilder("v1/verify?email=").Append(Escape(request.Email))
            .Append("&smtp=").Append(request.Smtp ? "true" : "false");
        if (request.TimeoutMs is { } timeout)
        {
            query.Append("&timeoutMs=").Append(timeout.ToString(CultureInfo.InvariantCulture));
        }

        if (request.Refresh)
        {
            query.Append("&refresh=true");
        }

        return SendJsonAsync<VerificationResult>(new HttpRequestMessage(HttpMethod.Get, query.ToString()), cancellationToken);
    }

    /// <inheritdoc />
    public Task<BatchVerifyResponse> VerifyBatchAsync(BatchVerifyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendJsonAsync<BatchVerifyResponse>(
            new HttpRequestMessage(HttpMethod.Post, "v1/verify/batch") { Content = JsonContent.Create(request, options: VerifierJson.Options) },
            cancellationToken);
    }
}
