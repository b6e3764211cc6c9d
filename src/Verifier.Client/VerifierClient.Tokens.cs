using System.Net.Http.Json;

namespace Verifier.Client;

public sealed partial class VerifierClient
{
    /// <inheritdoc />
    public Task<TokenConfirmation> ConfirmTokenAsync(string token, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(email);
        return SendJsonAsync<TokenConfirmation>(
            new HttpRequestMessage(HttpMethod.Post, "v1/tokens/confirm") { Content = JsonContent.Create(new TokenConfirmRequest(token, email), options: VerifierJson.Options) },
            cancellationToken);
    }
}
