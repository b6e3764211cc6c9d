using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Network;

namespace Verifier.Core.Jobs;

/// <summary>
/// POSTs a completed job's progress to its <c>callbackUrl</c>, once. The host is resolved here and every
/// address it has must be public (or inside <see cref="JobsOptions.CallbackAllowedNetworks"/>), and the
/// connection goes to a vetted address, so a callback cannot reach the internal network even through DNS
/// tricks; redirects are not followed. The body is signed: <c>X-Verifier-Signature: sha256=&lt;hex HMAC-SHA256
/// of the body keyed by Verifier:Jobs:CallbackSecret&gt;</c>. A failure is logged and never fails the job.
/// </summary>
public sealed partial class JobCallbackSender : IDisposable
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Verifier-Signature";

    private readonly IJobStore _store;
    private readonly JobsOptions _options;
    private readonly NetworkGuard _guard;
    private readonly ILogger<JobCallbackSender> _logger;
    private readonly HttpClient _client;

    public JobCallbackSender(IJobStore store, IOptions<JobsOptions> options, ILogger<JobCallbackSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _guard = NetworkGuard.FromCidrs(_options.CallbackAllowedNetworks);
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = ConnectToVettedAddressAsync,
        };
        _client = new HttpClient(handler) { Timeout = _options.CallbackTimeout };
    }

    /// <summary>
    /// Checks a callback URL at submission: absolute http(s), a secret to sign with, and, when the host is an
    /// address literal, an allowed address. Host names are checked again when resolved at sending time.
    /// </summary>
    /// <returns>Null when acceptable, else why not.</returns>
    public string? Validate(string url)
    {
        if (string.IsNullOrEmpty(_options.CallbackSecret))
        {
            return "Callbacks are signed with Verifier:Jobs:CallbackSecret, which is not configured on this server.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "callbackUrl must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "callbackUrl must not carry credentials.";
        }

        if (IPAddress.TryParse(uri.IdnHost, out var literal) && _guard.Evaluate(literal) is { IsAllowed: false } refused)
        {
            return $"callbackUrl must point to a public address: {refused}.";
        }

        return null;
    }

    /// <summary>Sends the callback of a completed job unless it was already sent.</summary>
    public async Task SendOnceAsync(JobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.CallbackUrl is not { } url || !await _store.TryClaimCallbackAsync(state.Id, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(state.ToProgress(), JobWireJson.Options);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(body, _options.CallbackSecret ?? string.Empty));
            request.Headers.TryAddWithoutValidation("X-Verifier-Job", state.Id);
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                LogSent(_logger, state.Id, (int)response.StatusCode);
            }
            else
            {
                LogRejected(_logger, state.Id, (int)response.StatusCode);
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or InvalidOperationException or SocketException or UriFormatException)
        {
            LogFailed(_logger, state.Id, error.Message);
        }
    }

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public void Dispose() => _client.Dispose();

    private async ValueTask<Stream> ConnectToVettedAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException($"The callback host {host} has no address.");
        }

        foreach (var address in addresses)
        {
            if (_guard.Evaluate(address) is { IsAllowed: false } refused)
            {
                throw new HttpRequestException($"The callback host {host} resolves to a refused address: {refused}.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(addresses[0], context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: callback answered {Status}")]
    private static partial void LogSent(ILogger logger, string jobId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback answered {Status}; not retried")]
    private static partial void LogRejected(ILogger logger, string jobId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string jobId, string error);
}
