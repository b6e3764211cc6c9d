using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Verifier.Client.Http;

namespace Verifier.Client;

/// <summary>
/// The <see cref="IVerifierClient"/> over an <see cref="HttpClient"/>. Registered by
/// <c>services.AddVerifierClient(…)</c>,
/// or made directly from an <see cref="HttpClient"/> whose base address and key are set.
/// </summary>
public sealed partial class VerifierClient : IVerifierClient
{
    /// <summary>The header secret keys travel in.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Requests marked with this option are not retried (uploads: their body is a stream read once).</summary>
    internal static readonly HttpRequestOptionsKey<bool> NoRetry = new("Verifier.NoRetry");

    private readonly HttpClient _http;
    private readonly VerifierClientOptions _options;

    /// <summary>A client over <paramref name="http"/>; its base address and key headers are taken as they are.</summary>
    public VerifierClient(HttpClient http, IOptions<VerifierClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        if (_http.BaseAddress is null)
        {
            _http.BaseAddress = _options.BaseAddress ?? throw new InvalidOperationException("The Verifier client has no base address: set VerifierClientOptions.BaseAddress.");
        }

        // Paths are relative ("v1/verify"): a base address such as https://host/verifier keeps its last segment only with a slash.
        if (!_http.BaseAddress.AbsolutePath.EndsWith('/'))
        {
            _http.BaseAddress = new Uri(_http.BaseAddress + "/");
        }
    }

    private async Task<T> SendJsonAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, _options.RequestTimeout, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadJsonAsync<T>(response, cancellationToken);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(VerifierJson.Options, cancellationToken)
            ?? throw new VerifierProblemException("about:blank", response.StatusCode, "Empty answer", $"The API answered {(int)response.StatusCode} without a body.");

    /// <summary>
    /// Sends <paramref name="request"/> within <paramref name="timeout"/> (until the headers, for streamed answers) and
    /// returns the successful answer; an error answer is thrown as its problem details.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, TimeSpan timeout, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using (request)
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The Verifier API did not answer {request.Method} {request.RequestUri} within {timeout}.");
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                throw await ProblemReader.ReadAsync(response, cancellationToken);
            }
        }
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
