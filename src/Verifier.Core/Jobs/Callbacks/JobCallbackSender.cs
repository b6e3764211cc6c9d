using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Network;

namespace Verifier.Core.Jobs.Callbacks;

/// <summary>
/// POSTs a completed job's progress to its <c>callbackUrl</c>, once: one instance claims the callback, makes the
/// first attempt when the job completes and, when the receiver is unreachable or answers 408, 429 or 5xx, tries
/// again in the background after <see cref="JobsOptions.CallbackRetryDelay"/>, doubling, up to
/// <see cref="JobsOptions.CallbackAttempts"/> attempts (retries pending at shutdown are dropped and logged). Every
/// attempt carries the same body, signature and <c>X-Verifier-Job</c>, so a receiver can tell a repeat. The host is resolved here and every
/// address it has must be public (or inside <see cref="JobsOptions.CallbackAllowedNetworks"/>), and the
/// connection goes to a vetted address, so a callback cannot reach the internal network even through DNS
/// tricks; redirects are not followed. The body is signed: <c>X-Verifier-Signature: sha256=&lt;hex HMAC-SHA256
/// of the body keyed by Verifier:Jobs:CallbackSecret&gt;</c>. A failure is logged and never fails the job.
/// </summary>
public sealed partial class JobCallbackSender : IAsyncDisposable, IDisposable
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Verifier-Signature";

    private readonly IJobStore _store;
    private readonly JobsOptions _options;
    private readonly NetworkGuard _guard;
    private readonly ILogger<JobCallbackSender> _logger;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<Task> _retries = [];
    private bool _closing;

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
            ConnectCallback = new CallbackConnector(_guard).ConnectAsync,
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

    /// <summary>
    /// Sends the callback of a completed job unless another attempt already claimed it. The first attempt is made
    /// before this returns; retries, if needed, run in the background.
    /// </summary>
    public async Task SendOnceAsync(JobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.CallbackUrl is not { } url || !await _store.TryClaimCallbackAsync(state.Id, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(state.ToProgress(), JobWireJson.Options);
        if (await AttemptAsync(state.Id, url, body, cancellationToken).ConfigureAwait(false) == Attempt.TryAgain)
        {
            ScheduleRetries(state.Id, url, body);
        }
    }

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of <paramref name="body"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Drops the retries still waiting, and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Close() is not { } retries)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(retries).ConfigureAwait(false);
        _client.Dispose();
        _stopping.Dispose();
    }

    public void Dispose()
    {
        if (Close() is not { } retries)
        {
            return;
        }

        // Some hosts dispose services synchronously: the cancelled retries still end (and say so) before the client goes.
        _stopping.Cancel();
        Task.WhenAll(retries).Wait(TimeSpan.FromSeconds(2));
        _client.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Starts the background retries, unless this sender is closing or only one attempt is allowed.</summary>
    private void ScheduleRetries(string jobId, string url, byte[] body)
    {
        if (_options.CallbackAttempts == 1)
        {
            LogGaveUp(_logger, jobId, 1);
            return;
        }

        lock (_retries)
        {
            if (_closing)
            {
                LogDropped(_logger, jobId);
                return;
            }

            var retry = RetryAsync(jobId, url, body);
            _retries.Add(retry);
            _ = retry.ContinueWith(
                done =>
                {
                    lock (_retries)
                    {
                        _retries.Remove(done);
                    }
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        LogRetryScheduled(_logger, jobId, _options.CallbackRetryDelay);
    }

    /// <summary>Stops new retries from starting; the ones started, or null when already closed.</summary>
    private Task[]? Close()
    {
        lock (_retries)
        {
            if (_closing)
            {
                return null;
            }

            _closing = true;
            return [.. _retries];
        }
    }

    private async Task RetryAsync(string jobId, string url, byte[] body)
    {
        var delay = _options.CallbackRetryDelay;
        try
        {
            for (var attempt = 2; attempt <= _options.CallbackAttempts; attempt++, delay *= 2)
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                if (await AttemptAsync(jobId, url, body, _stopping.Token).ConfigureAwait(false) != Attempt.TryAgain)
                {
                    return;
                }
            }

            LogGaveUp(_logger, jobId, _options.CallbackAttempts);
        }
        catch (Exception error) when (_stopping.IsCancellationRequested && error is OperationCanceledException or ObjectDisposedException)
        {
            LogDropped(_logger, jobId);
        }
    }

    private async Task<Attempt> AttemptAsync(string jobId, string url, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(body, _options.CallbackSecret ?? string.Empty));
            request.Headers.TryAddWithoutValidation("X-Verifier-Job", jobId);
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                LogSent(_logger, jobId, status);
                return Attempt.Done;
            }

            var retryable = status is 408 or 429 or >= 500;
            LogAnswered(_logger, jobId, status, retryable ? "to be tried again" : "not tried again");
            return retryable ? Attempt.TryAgain : Attempt.Done;
        }
        catch (HttpRequestException error) when (error.InnerException is CallbackAddressRefusedException refused)
        {
            LogFailed(_logger, jobId, refused.Message + " Not tried again.");
            return Attempt.Done;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested
            && error is HttpRequestException or TaskCanceledException or SocketException or IOException)
        {
            LogFailed(_logger, jobId, error.Message);
            return Attempt.TryAgain;
        }
        catch (Exception error) when (error is InvalidOperationException or UriFormatException)
        {
            LogFailed(_logger, jobId, error.Message + " Not tried again.");
            return Attempt.Done;
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is OperationCanceledException or ObjectDisposedException)
        {
            LogFailed(_logger, jobId, "stopped by shutdown.");
            return Attempt.Done;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: callback answered {Status}")]
    private static partial void LogSent(ILogger logger, string jobId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback answered {Status}; {Next}")]
    private static partial void LogAnswered(ILogger logger, string jobId, int status, string next);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string jobId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: callback to be tried again in {Delay}")]
    private static partial void LogRetryScheduled(ILogger logger, string jobId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string jobId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: callback retry dropped at shutdown")]
    private static partial void LogDropped(ILogger logger, string jobId);

    private enum Attempt
    {
        Done,
        TryAgain,
    }
}
