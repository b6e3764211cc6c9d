using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpProtocolResponse = SmtpServer.Protocol.SmtpResponse;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Verifier.Testing.Smtp;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, with a scriptable mailbox policy and
/// a transcript of every line received. Replies are sent with the exact code and text scripted.
/// <code>
/// await using var server = await LoopbackSmtpServer.StartAsync();
/// server.Reply("bob@x.test", 550, "5.1.1 User unknown")
///       .Reply("alice@x.test", 250, "2.1.5 Ok")
///       .DefaultReply(250, "2.1.5 Ok");               // catch-all
/// // … probe 127.0.0.1:server.Port …
/// Assert.Equal(1, server.SessionCount);
/// Assert.DoesNotContain("DATA", server.Commands);
/// </code>
/// </summary>
public sealed partial class LoopbackSmtpServer : IAsyncDisposable
{
    private const string TranscriptKey = "Verifier.Testing:Transcript";
    private const string RecipientCountKey = "Verifier.Testing:RecipientCount";

    private readonly ConcurrentDictionary<string, ScriptedReply> _byMailbox = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ScriptedReply> _byLocalPart = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ScriptedReply> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<SmtpSessionTranscript> _sessions = new();
    private readonly TcpListener _listener;
    private readonly SmtpServerHost _server;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private volatile ScriptedReply _default = new(550, "5.1.1 User unknown");
    private volatile ScriptedReply? _mailFromReply;
    private int _sessionCount;

    private LoopbackSmtpServer(X509Certificate2? certificate, IPEndPoint? endPoint)
    {
        _listener = new TcpListener(endPoint ?? new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;

        var options = new SmtpServerOptionsBuilder()
            .ServerName("mx.loopback.test")
            .MaxRetryCount(100_000)
            .Endpoint(builder =>
            {
                builder.Endpoint(EndPoint).SessionTimeout(TimeSpan.FromSeconds(30));
                if (certificate is not null)
                {
                    builder.Certificate(certificate).SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                }
            })
            .Build();

        var services = new SmtpServiceProvider();
        services.Add(new ListenerFactory(this));
        services.Add(new ScriptedMailboxFilter(this));
        _server = new SmtpServerHost(options, services);
    }

    /// <summary>The address the server listens on (127.0.0.1 unless given).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>True when the server offers STARTTLS (a self-signed certificate).</summary>
    public bool OffersStartTls { get; private init; }

    /// <summary>Connections accepted so far.</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    /// <summary>
    /// When set, a session's RCPT beyond this count gets "452 4.5.3 Too many recipients" (RFC 5321 §4.5.3.1.10).
    /// </summary>
    public int? MaxRecipientsPerSession { get; set; }

    /// <summary>Every session so far, in the order they were accepted.</summary>
    public IReadOnlyList<SmtpSessionTranscript> Sessions => [.. _sessions.OrderBy(s => s.Number)];

    /// <summary>Every line clients sent, all sessions in order.</summary>
    public IReadOnlyList<string> ClientLines => [.. Sessions.SelectMany(s => s.ClientLines)];

    /// <summary>The verb of every line clients sent ("EHLO", "MAIL", "RCPT", "QUIT", …), all sessions in order.</summary>
    public IReadOnlyList<string> Commands => [.. Sessions.SelectMany(s => s.Commands)];

    /// <summary>The mailbox of every RCPT TO received, all sessions in order.</summary>
    public IReadOnlyList<string> Recipients => [.. Sessions.SelectMany(s => s.Recipients)];

    /// <summary>Starts a server on 127.0.0.1 and a free port, or on <paramref name="endPoint"/> (another loopback address, a given port).</summary>
    /// <param name="offerStartTls">Offer STARTTLS with a fresh self-signed certificate.</param>
    /// <param name="endPoint">Where to listen; keep it on loopback.</param>
    public static Task<LoopbackSmtpServer> StartAsync(bool offerStartTls = false, IPEndPoint? endPoint = null)
    {
        var server = new LoopbackSmtpServer(offerStartTls ? CreateCertificate() : null, endPoint) { OffersStartTls = offerStartTls };
        server._running = Task.Run(() => server._server.StartAsync(server._stop.Token));
        return Task.FromResult(server);
    }

    /// <summary>RCPT TO this exact mailbox (case-insensitive) gets <paramref name="code"/> <paramref name="text"/>.</summary>
    public LoopbackSmtpServer Reply(string mailbox, int code, string text)
    {
        _byMailbox[mailbox] = new ScriptedReply(code, text);
        return this;
    }

    /// <summary>RCPT TO any mailbox with this local part, whatever the domain.</summary>
    public LoopbackSmtpServer ReplyToLocalPart(string localPart, int code, string text)
    {
        _byLocalPart[localPart] = new ScriptedReply(code, text);
        return this;
    }

    /// <summary>RCPT TO any mailbox of this domain not scripted more precisely.</summary>
    public LoopbackSmtpServer ReplyToDomain(string domain, int code, string text)
    {
        _byDomain[domain] = new ScriptedReply(code, text);
        return this;
    }

    /// <summary>The reply to RCPT TO a mailbox no rule matches; "550 5.1.1 User unknown" unless changed (250 makes a catch-all).</summary>
    public LoopbackSmtpServer DefaultReply(int code, string text)
    {
        _default = new ScriptedReply(code, text);
        return this;
    }

    /// <summary>MAIL FROM gets this reply (e.g. 554 "5.7.1 Client host blocked") instead of 250.</summary>
    public LoopbackSmtpServer RejectMailFrom(int code, string text)
    {
        _mailFromReply = new ScriptedReply(code, text);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or SocketException or ObjectDisposedException)
        {
            // Shutting down: sessions still open are cut.
        }

        _listener.Stop();
        _listener.Dispose();
        _stop.Dispose();
    }

    private ScriptedReply Lookup(string mailbox)
    {
        if (_byMailbox.TryGetValue(mailbox, out var exact))
        {
            return exact;
        }

        var at = mailbox.LastIndexOf('@');
        if (at > 0 && _byLocalPart.TryGetValue(mailbox[..at], out var local))
        {
            return local;
        }

        if (at > 0 && _byDomain.TryGetValue(mailbox[(at + 1)..], out var domain))
        {
            return domain;
        }

        return _default;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mx.loopback.test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    private static string MailboxText(IMailbox mailbox) => mailbox.User + "@" + mailbox.Host;

    private sealed record ScriptedReply(int Code, string Text)
    {
        public SmtpResponseException ToException() =>
            new(new SmtpProtocolResponse((SmtpReplyCode)Code, Text), quit: Code == 421);
    }

    /// <summary>Applies the script. Every scripted reply is raised as an exception so its exact code and text go out.</summary>
    private sealed class ScriptedMailboxFilter(LoopbackSmtpServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            context.Properties[RecipientCountKey] = 0;
            if (owner._mailFromReply is { } reply)
            {
                throw reply.ToException();
            }

            return Task.FromResult(true);
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var count = context.Properties.TryGetValue(RecipientCountKey, out var value) ? (int)value : 0;
            context.Properties[RecipientCountKey] = count + 1;
            if (owner.MaxRecipientsPerSession is { } max && count >= max)
            {
                throw new ScriptedReply(452, "4.5.3 Too many recipients").ToException();
            }

            throw owner.Lookup(MailboxText(to)).ToException();
        }
    }

    private sealed class ListenerFactory(LoopbackSmtpServer owner) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => new Listener(owner);
    }

    private sealed class Listener(LoopbackSmtpServer owner) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await owner._listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            var transcript = new SmtpSessionTranscript(Interlocked.Increment(ref owner._sessionCount));
            owner._sessions.Enqueue(transcript);
            context.Properties[TranscriptKey] = transcript;
            context.Properties[EndpointListener.LocalEndPointKey] = owner.EndPoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            return new RecordingPipe(client, transcript);
        }

        public void Dispose()
        {
            // The TcpListener belongs to the server and is stopped when it is disposed.
        }
    }

    private sealed class RecordingPipe : ISecurableDuplexPipe
    {
        private readonly TcpClient _client;
        private readonly SmtpSessionTranscript _transcript;
        private SslStream? _ssl;

        public RecordingPipe(TcpClient client, SmtpSessionTranscript transcript)
        {
            _client = client;
            _transcript = transcript;
            var stream = new RecordingStream(client.GetStream(), transcript);
            Input = PipeReader.Create(stream);
            Output = PipeWriter.Create(stream);
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure => _ssl is not null;

        public SslProtocols SslProtocol => _ssl?.SslProtocol ?? SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var ssl = new SslStream(_client.GetStream(), leaveInnerStreamOpen: true);
            await ssl.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocols },
                cancellationToken).ConfigureAwait(false);
            _ssl = ssl;
            var stream = new RecordingStream(ssl, _transcript);
            Input = PipeReader.Create(stream);
            Output = PipeWriter.Create(stream);
        }

        public void Dispose()
        {
            _ssl?.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>
    /// Records both directions. SmtpServer appends ", N retry(ies) remaining." to replies raised from a filter;
    /// the suffix is removed here so the client sees the text exactly as scripted.
    /// </summary>
    private sealed partial class RecordingStream(Stream inner, SmtpSessionTranscript transcript) : Stream
    {
        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            transcript.FromClient(buffer.AsSpan(offset, read));
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            transcript.FromClient(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var bytes = Rewrite(buffer.AsSpan(offset, count));
            transcript.FromServer(bytes);
            inner.Write(bytes);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var bytes = Rewrite(buffer.Span);
            transcript.FromServer(bytes);
            return inner.WriteAsync(bytes, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private static byte[] Rewrite(ReadOnlySpan<byte> bytes)
        {
            var text = Encoding.UTF8.GetString(bytes);
            return Encoding.UTF8.GetBytes(RetrySuffix().Replace(text, string.Empty));
        }

        [GeneratedRegex(@", \d+ retry\(ies\) remaining\.(?=\r\n)")]
        private static partial Regex RetrySuffix();
    }
}
