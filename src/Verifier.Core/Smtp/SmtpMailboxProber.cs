using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Proxy;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Telemetry;

namespace Verifier.Core.Smtp;

/// <summary>
/// Probes mailboxes with MAIL FROM / RCPT TO over SMTP, never DATA: MX hosts in order, each address vetted by
/// <see cref="NetworkGuard"/> and connected to as vetted; many recipients per session; replies bounded by
/// <see cref="ReplyLimitingStream"/>; sessions per host limited by <see cref="IHostSessionLimiter"/>; a stopped
/// session ends with QUIT (<see cref="PoliteStop"/>). The rules, one by one: Smtp/README.md, "How a probe goes".
/// </summary>
public sealed partial class SmtpMailboxProber : IMailboxProber
{
    private readonly SmtpOptions _options;
    private readonly NetworkGuard _guard;
    private readonly SmtpProxy? _proxy;
    private readonly IHostSessionLimiter _limiter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _heloName;
    private readonly string _mailFrom;

    public SmtpMailboxProber(
        IOptions<SmtpOptions> options,
        IHostSessionLimiter limiter,
        TimeProvider timeProvider,
        ILogger<SmtpMailboxProber> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _options = options.Value;
        _guard = NetworkGuard.FromCidrs(_options.AllowedNetworks);
        if (_options.Proxy is { } proxyText)
        {
            _proxy = SmtpProxy.TryParse(proxyText, out var proxy, out var error)
                ? proxy
                : throw new ArgumentException(error, nameof(options));
        }

        _limiter = limiter;
        _timeProvider = timeProvider;
        _logger = logger;
        _heloName = string.IsNullOrWhiteSpace(_options.HeloName)
            ? Environment.MachineName.ToLowerInvariant()
            : _options.HeloName;
        _mailFrom = string.IsNullOrWhiteSpace(_options.MailFrom) ? "verify@" + _heloName : _options.MailFrom;
    }

    private enum SessionEnd
    {
        /// <summary>Every RCPT of the batch has an answer.</summary>
        Finished,

        /// <summary>421 or "too many recipients" during RCPT: the rest needs a new session.</summary>
        Interrupted,

        ConnectFailed,
        Timeout,
        ProtocolError,

        /// <summary>Greeting, EHLO/HELO or MAIL FROM refused.</summary>
        Rejected,

        /// <summary>STARTTLS was offered but failed: retry the address in plain text, as MTAs do.</summary>
        TlsFailed,
    }

    /// <inheritdoc />
    public async Task<MailboxProbeResult> ProbeAsync(MailboxProbeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = VerifierTracing.StartSmtpProbe(request.Domain, request.Recipients.Count);
        try
        {
            var result = await ProbeHostsAsync(request, cancellationToken).ConfigureAwait(false);
            VerifierTracing.SmtpProbed(activity, result);
            VerifierMetrics.RecordProbe(result.Outcome);
            return result;
        }
        catch (Exception error)
        {
            VerifierTracing.Failed(activity, error);
            throw;
        }
    }

    private async Task<MailboxProbeResult> ProbeHostsAsync(MailboxProbeRequest request, CancellationToken cancellationToken)
    {
        foreach (var recipient in request.Recipients)
        {
            if (!SmtpReplyParser.IsSafeMailbox(recipient))
            {
                throw new ArgumentException(
                    "A recipient is empty, has no '@', or contains characters that cannot go on an SMTP command line.",
                    nameof(request));
            }
        }

        var started = _timeProvider.GetTimestamp();
        var state = new ProbeState(request, _options.MaxRecipientsPerSession);
        LogProbeStarting(request.Domain, state.Pending.Count, request.DetectCatchAll);

        var (hosts, refused) = Plan(request.MailExchangers);
        if (hosts.Count == 0)
        {
            return refused.Count > 0
                ? Finish(state, started, ProbeOutcome.NoRoutableAddress, request.MailExchangers[0].Host, null,
                    "Every MX address is private or reserved: " + string.Join("; ", refused))
                : Finish(state, started, ProbeOutcome.ConnectFailed, request.MailExchangers.Count > 0 ? request.MailExchangers[0].Host : null, null,
                    "No MX host has an address.");
        }

        using var probeTimeout = new CancellationTokenSource(_options.ProbeTimeout, _timeProvider);
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, probeTimeout.Token);
        using var stop = new PoliteStop(_options.StopGrace, _timeProvider, probe.Token);
        SessionResult? reported = null;
        string? reportedHost = null;
        string? currentHost = null;
        try
        {
            foreach (var (host, addresses) in hosts)
            {
                currentHost = host;
                foreach (var address in addresses)
                {
                    var result = await ProbeAddressAsync(host, address, state, stop).ConfigureAwait(false);
                    if (!state.HasWork)
                    {
                        return Finish(state, started, ProbeOutcome.Completed, host, null, null);
                    }

                    if (reported is null || Rank(result.End) >= Rank(reported.End))
                    {
                        (reported, reportedHost) = (result, host);
                    }

                    if (result.End is SessionEnd.Rejected or SessionEnd.Interrupted)
                    {
                        if (result.Reply is { IsPermanent: true })
                        {
                            return Finish(state, started, ProbeOutcome.SessionRejected, host, result.Reply, result.Error);
                        }

                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (probeTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Finish(state, started, ProbeOutcome.Timeout, currentHost, null,
                $"The probe did not finish within {_options.ProbeTimeout.TotalMilliseconds:0} ms.");
        }

        var outcome = reported!.End switch
        {
            SessionEnd.ConnectFailed => ProbeOutcome.ConnectFailed,
            SessionEnd.Timeout => ProbeOutcome.Timeout,
            SessionEnd.Rejected or SessionEnd.Interrupted => ProbeOutcome.SessionRejected,
            _ => ProbeOutcome.ProtocolError,
        };
        return Finish(state, started, outcome, reportedHost, outcome == ProbeOutcome.SessionRejected ? reported.Reply : null, reported.Error);
    }

    /// <summary>A failure that tells more (a reply) outranks one that tells less (no connection).</summary>
    private static int Rank(SessionEnd end) => end switch
    {
        SessionEnd.Rejected or SessionEnd.Interrupted => 3,
        SessionEnd.ProtocolError or SessionEnd.TlsFailed => 2,
        SessionEnd.Timeout => 1,
        _ => 0,
    };

    /// <summary>Hosts in order with their allowed addresses (hosts with none are skipped), and the refusals.</summary>
    private (List<(string Host, List<IPAddress> Addresses)> Hosts, List<string> Refused) Plan(IReadOnlyList<MailExchanger> exchangers)
    {
        var hosts = new List<(string, List<IPAddress>)>();
        var refused = new List<string>();
        foreach (var exchanger in exchangers)
        {
            var allowed = new List<IPAddress>();
            foreach (var address in exchanger.Addresses)
            {
                var decision = _guard.Evaluate(address);
                if (decision.IsAllowed)
                {
                    allowed.Add(address);
                }
                else
                {
                    LogAddressRefused(exchanger.Host, decision);
                    refused.Add(exchanger.Host + " " + decision);
                }
            }

            if (allowed.Count > 0 && hosts.Count < _options.MaxHostsToTry)
            {
                hosts.Add((exchanger.Host, allowed));
            }
        }

        return (hosts, refused);
    }

    /// <summary>Sessions with one address until the work is done or the address fails.</summary>
    private async Task<SessionResult> ProbeAddressAsync(string host, IPAddress address, ProbeState state, PoliteStop stop)
    {
        var useTls = true;
        while (true)
        {
            var result = await RunSessionAsync(host, address, useTls, state, stop).ConfigureAwait(false);
            LogSessionEnded(host, address, result.End, result.Answered, result.Error);
            switch (result.End)
            {
                case SessionEnd.TlsFailed when useTls:
                    useTls = false;
                    continue;
                case SessionEnd.Finished when state.HasWork:
                case SessionEnd.Interrupted when result.Answered > 0 && state.HasWork:
                    continue;
                default:
                    return result;
            }
        }
    }

    private async Task<SessionResult> RunSessionAsync(string host, IPAddress address, bool useTls, ProbeState state, PoliteStop stop)
    {
        var cancellationToken = stop.Requested;
        var lease = await _limiter.AcquireAsync(host, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            // Once the connection is under way it is finished and ended with QUIT, unless the server stays silent.
            cancellationToken.ThrowIfCancellationRequested();
            Stream network;
            using (var connectTimeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider))
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stop.Abort, connectTimeout.Token))
            {
                try
                {
                    network = await OpenAsync(address, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (connectTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return new SessionResult(SessionEnd.Timeout, 0, Error: $"Connecting to {host} [{address}] took longer than {_options.ConnectTimeout.TotalMilliseconds:0} ms.");
                }
                catch (SocketException exception)
                {
                    return new SessionResult(SessionEnd.ConnectFailed, 0, Error: $"Connecting to {host} [{address}] failed: {exception.SocketErrorCode}.");
                }
                catch (Exception exception) when (exception is ProxyProtocolException or IOException)
                {
                    return new SessionResult(SessionEnd.ConnectFailed, 0, Error: $"Connecting to {host} [{address}] through the proxy failed: {exception.Message}");
                }
            }

            state.Connected = true;
            using var open = VerifierMetrics.SessionOpened(host);
            var limited = new ReplyLimitingStream(network, _options.MaxReplyLineBytes, _options.MaxReplyLines, _options.CommandTimeout, _timeProvider);
            await using (limited.ConfigureAwait(false))
            {
                using var client = new ProbeSmtpClient(_heloName);
                var answered = 0;
                try
                {
                    var options = useTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None;
                    await client.ConnectAsync(limited, host, _options.Port, options, stop.Abort).ConfigureAwait(false);
                    return await TransactAsync(client, state, count => answered = count, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception) when (limited.ReplyTimedOut && IsSessionFailure(exception))
                {
                    return new SessionResult(SessionEnd.Timeout, answered, Error: $"{host} [{address}] did not reply within {_options.CommandTimeout.TotalMilliseconds:0} ms.");
                }
                catch (Exception exception) when (limited.Violation is { } violation && IsSessionFailure(exception))
                {
                    return new SessionResult(SessionEnd.ProtocolError, answered, Error: $"{host} [{address}]: {violation}.");
                }
                catch (Exception exception) when (useTls && limited.StartTlsSent && !client.IsSecure && IsSessionFailure(exception))
                {
                    return new SessionResult(SessionEnd.TlsFailed, answered, Error: $"STARTTLS with {host} [{address}] failed: {exception.Message}");
                }
                catch (SmtpCommandException exception)
                {
                    var reply = SmtpReplyParser.Parse((int)exception.StatusCode, exception.Message);
                    VerifierMetrics.RecordSmtpReply(VerifierMetrics.Commands.Connect, reply);
                    return new SessionResult(SessionEnd.Rejected, answered, reply, $"{host} [{address}] refused the session: {(int)exception.StatusCode}.");
                }
                catch (Exception exception) when (IsSessionFailure(exception))
                {
                    return new SessionResult(SessionEnd.ProtocolError, answered, Error: $"{host} [{address}]: {exception.Message}");
                }
            }
        }
    }

    private static bool IsSessionFailure(Exception exception) =>
        exception is IOException or SocketException or TimeoutException or SmtpProtocolException
            or SmtpCommandException or SslHandshakeException or AuthenticationException or NotSupportedException;

    /// <summary>MAIL FROM, then RCPT for the next batch; QUIT when the server is still talking.</summary>
    private async Task<SessionResult> TransactAsync(ProbeSmtpClient client, ProbeState state, Action<int> progress, PoliteStop stop)
    {
        var cancellationToken = stop.Abort;
        await QuitIfStoppingAsync(client, stop).ConfigureAwait(false);
        var batch = state.NextBatch();
        var smtpUtf8 = false;
        if (batch.Any(item => SmtpReplyParser.RequiresSmtpUtf8(item.Mailbox)))
        {
            if (client.SupportsSmtpUtf8)
            {
                smtpUtf8 = true;
            }
            else
            {
                state.SetAsideNonAscii(batch);
                batch = [.. batch.Where(item => !SmtpReplyParser.RequiresSmtpUtf8(item.Mailbox))];
            }
        }

        if (batch.Count == 0)
        {
            await client.QuitAsync(cancellationToken).ConfigureAwait(false);
            return new SessionResult(SessionEnd.Finished, 0);
        }

        var mail = await client.MailFromAsync(_mailFrom, smtpUtf8, cancellationToken).ConfigureAwait(false);
        VerifierMetrics.RecordSmtpReply(VerifierMetrics.Commands.MailFrom, mail);
        if (!mail.IsPositive)
        {
            if (!SmtpReplyParser.IsServiceClosing(mail))
            {
                await client.QuitAsync(cancellationToken).ConfigureAwait(false);
            }

            return new SessionResult(SessionEnd.Rejected, 0, mail, $"MAIL FROM refused: {mail.Code}.");
        }

        var answered = 0;
        foreach (var item in batch)
        {
            await QuitIfStoppingAsync(client, stop).ConfigureAwait(false);
            var reply = await client.RcptToAsync(item.Mailbox, cancellationToken).ConfigureAwait(false);
            VerifierMetrics.RecordSmtpReply(VerifierMetrics.Commands.RcptTo, reply);
            if (SmtpReplyParser.IsServiceClosing(reply))
            {
                return new SessionResult(SessionEnd.Interrupted, answered, reply, $"The server closed the session after {answered} RCPT(s): 421.");
            }

            if (SmtpReplyParser.IsTooManyRecipients(reply))
            {
                state.LimitBatch(answered);
                await client.QuitAsync(cancellationToken).ConfigureAwait(false);
                return new SessionResult(SessionEnd.Interrupted, answered, reply, $"The server took {answered} recipient(s) per session.");
            }

            state.Record(item, reply);
            progress(++answered);
        }

        await client.QuitAsync(cancellationToken).ConfigureAwait(false);
        return new SessionResult(SessionEnd.Finished, answered);
    }

    /// <summary>Between commands: when the probe has been told to stop, say QUIT and stop.</summary>
    private static async Task QuitIfStoppingAsync(ProbeSmtpClient client, PoliteStop stop)
    {
        if (stop.Requested.IsCancellationRequested)
        {
            await client.QuitAsync(stop.Abort).ConfigureAwait(false);
            stop.Requested.ThrowIfCancellationRequested();
        }
    }

    private async Task<Stream> OpenAsync(IPAddress address, CancellationToken cancellationToken)
    {
        if (_proxy is { } proxy)
        {
            var socks = proxy.Credentials is null
                ? new Socks5Client(proxy.Host, proxy.Port)
                : new Socks5Client(proxy.Host, proxy.Port, proxy.Credentials);
            return await socks.ConnectAsync(address.ToString(), _options.Port, cancellationToken).ConfigureAwait(false);
        }

        var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, _options.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private MailboxProbeResult Finish(ProbeState state, long started, ProbeOutcome outcome, string? host, SmtpReply? sessionReply, string? error)
    {
        if (state.NotProbed > 0)
        {
            var note = string.Create(CultureInfo.InvariantCulture,
                $"{state.NotProbed} recipient(s) with a non-ASCII local part were not probed: the server does not offer SMTPUTF8.");
            error = error is null ? note : error + " " + note;
        }

        var duration = _timeProvider.GetElapsedTime(started);
        LogProbeFinished(state.Domain, outcome, state.Replies.Count, duration.TotalMilliseconds);
        return new MailboxProbeResult(outcome, host, state.Replies, state.CatchAllReply, sessionReply, error, duration) { Connected = state.Connected };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probing {Domain}: {RecipientCount} recipient(s), catch-all detection {DetectCatchAll}")]
    private partial void LogProbeStarting(string domain, int recipientCount, bool detectCatchAll);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Not connecting to MX {Host}: {Decision}")]
    private partial void LogAddressRefused(string host, NetworkGuardDecision decision);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session with {Host} [{Address}] ended: {End} after {Answered} RCPT answer(s). {Error}")]
    private partial void LogSessionEnded(string host, IPAddress address, SessionEnd end, int answered, string? error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probe of {Domain} finished: {Outcome}, {ReplyCount} answer(s) in {DurationMs:0} ms")]
    private partial void LogProbeFinished(string domain, ProbeOutcome outcome, int replyCount, double durationMs);

    private sealed record SessionResult(SessionEnd End, int Answered, SmtpReply? Reply = null, string? Error = null);

    private sealed record WorkItem(string Mailbox, bool IsCatchAll);

    /// <summary>What is left to ask and what has been answered, across the sessions of one probe.</summary>
    private sealed class ProbeState
    {
        private int _batchLimit;

        /// <summary>True once any TCP connection to an MX address (or through the proxy) was established.</summary>
        public bool Connected { get; set; }

        public ProbeState(MailboxProbeRequest request, int maxRecipientsPerSession)
        {
            Domain = request.Domain;
            _batchLimit = maxRecipientsPerSession;
            Pending = [.. request.Recipients.Distinct(StringComparer.Ordinal).Select(recipient => new WorkItem(recipient, IsCatchAll: false))];
            if (request.DetectCatchAll)
            {
                Pending.Add(new WorkItem(SmtpReplyParser.RandomLocalPart() + "@" + request.Domain, IsCatchAll: true));
            }
        }

        public string Domain { get; }

        public List<WorkItem> Pending { get; }

        public Dictionary<string, SmtpReply> Replies { get; } = new(StringComparer.Ordinal);

        public SmtpReply? CatchAllReply { get; private set; }

        public int NotProbed { get; private set; }

        public bool HasWork => Pending.Count > 0;

        public List<WorkItem> NextBatch() => Pending.GetRange(0, Math.Min(_batchLimit, Pending.Count));

        /// <summary>The server refused more than <paramref name="accepted"/> recipients in a session: ask no more per session.</summary>
        public void LimitBatch(int accepted) => _batchLimit = Math.Max(1, Math.Min(_batchLimit, accepted));

        public void Record(WorkItem item, SmtpReply reply)
        {
            Pending.Remove(item);
            if (item.IsCatchAll)
            {
                CatchAllReply = reply;
            }
            else
            {
                Replies[item.Mailbox] = reply;
            }
        }

        public void SetAsideNonAscii(IEnumerable<WorkItem> batch)
        {
            foreach (var item in batch.Where(item => SmtpReplyParser.RequiresSmtpUtf8(item.Mailbox)).ToList())
            {
                Pending.Remove(item);
                NotProbed++;
            }
        }
    }
}
