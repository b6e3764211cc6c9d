using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Verifier.Core.Caching;
using Verifier.Core.Caching.Redis;
using Verifier.Core.Redis;
using Verifier.Core.Tests.Verification;
using Verifier.Core.Verification;
using Verifier.Testing.Dns;
using Verifier.Testing.Redis;
using Verifier.Testing.Smtp;

namespace Verifier.Core.Tests.Caching;

/// <summary>
/// The whole engine against loopback DNS, SMTP and a real redis-server. Each <see cref="Instance"/> is what one
/// API process has (its own memory cache, its own multiplexer); instances share only Redis.
/// </summary>
internal sealed class CachingHarness : IAsyncDisposable
{
    public const string Domain = "x.test";

    private readonly List<Instance> instances = [];

    private CachingHarness(LoopbackDnsServer dns, LoopbackSmtpServer smtp, RedisServer redis)
    {
        Dns = dns;
        Smtp = smtp;
        Redis = redis;
    }

    public LoopbackDnsServer Dns { get; }

    public LoopbackSmtpServer Smtp { get; }

    public RedisServer Redis { get; }

    public static async Task<CachingHarness> StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        var smtp = await LoopbackSmtpServer.StartAsync();
        var dns = LoopbackDnsServer.Start();
        dns.Mx(Domain, 10, "mx1." + Domain).A("mx1." + Domain, "127.0.0.1");
        return new CachingHarness(dns, smtp, redis);
    }

    /// <summary>One more API process: its own memory level and Redis connection.</summary>
    public Instance NewInstance(Action<CacheOptions>? configure = null)
    {
        var instance = new Instance(this, configure);
        instances.Add(instance);
        return instance;
    }

    /// <summary>How many RCPT TO the SMTP server received for <paramref name="mailbox"/>.</summary>
    public int RcptCount(string mailbox) => Smtp.Recipients.Count(r => string.Equals(r, mailbox, StringComparison.OrdinalIgnoreCase));

    /// <summary>A direct connection for looking at and tampering with what is stored.</summary>
    public async Task<IDatabase> DirectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
        direct.Add(multiplexer);
        return multiplexer.GetDatabase();
    }

    private readonly List<ConnectionMultiplexer> direct = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances)
        {
            instance.Dispose();
        }

        foreach (var multiplexer in direct)
        {
            await multiplexer.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await Smtp.DisposeAsync();
        await Dns.DisposeAsync();
    }

    internal sealed class Instance : IDisposable
    {
        private readonly RedisConnection connection;
        private readonly LayeredCache cache;
        private readonly VerificationPipeline verifier;

        public Instance(CachingHarness harness, Action<CacheOptions>? configure)
        {
            // A generous bound on Redis calls: on a busy test machine a starved call must not start an outage.
            var cacheOptions = new CacheOptions { RedisTimeout = TimeSpan.FromSeconds(1), RedisRetryInterval = TimeSpan.FromMilliseconds(200) };
            configure?.Invoke(cacheOptions);
            var options = Options.Create(cacheOptions);

            connection = new RedisConnection(harness.Redis.ConnectionString);
            Monitor = new RedisOutageMonitor(options, TimeProvider.System, Logs.CreateLogger<RedisOutageMonitor>());
            var store = new RedisCacheStore(new BoundedRedis(connection, Monitor, options, TimeProvider.System));
            cache = new LayeredCache(options, TimeProvider.System, Logs.CreateLogger<LayeredCache>(), store);

            verifier = PipelineHarness.Build(harness.Dns.EndPoint, harness.Smtp.Port, cache, options);
        }

        public ListLoggerFactory Logs { get; } = new();

        public RedisOutageMonitor Monitor { get; }

        /// <summary>Waits for the multiplexer's first connection, so that a test starts from a working cache.</summary>
        public async Task<Instance> ConnectedAsync()
        {
            await connection.MultiplexerAsync;
            return this;
        }

        public Task<VerificationResult> VerifyAsync(string email, bool refresh = false, bool smtp = true) =>
            verifier.VerifyAsync(new VerificationRequest(email, smtp, Refresh: refresh), CancellationToken.None);

        public void Dispose()
        {
            verifier.Dispose();
            cache.Dispose();
            connection.Dispose();
        }
    }
}

/// <summary>Keeps every log entry, to count warnings and to check what they say.</summary>
internal sealed class ListLoggerFactory
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. entries];

    public ILogger<T> CreateLogger<T>() => new Logger<T>(this);

    private sealed class Logger<T>(ListLoggerFactory owner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.entries.Enqueue((logLevel, typeof(T).Name, formatter(state, exception)));
    }
}
