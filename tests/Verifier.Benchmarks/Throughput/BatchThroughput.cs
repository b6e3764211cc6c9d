using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verifier.Core.Caching;
using Verifier.Core.Dns;
using Verifier.Core.Network;
using Verifier.Core.Smtp;
using Verifier.Core.Verification;
using Verifier.Testing.Dns;
using Verifier.Testing.Smtp;

namespace Verifier.Benchmarks.Throughput;

/// <summary>
/// List verification against loopback servers that add a delay to every SMTP reply: addresses per
/// second, SMTP sessions per 1,000 addresses, and wall time against the lower bound that the
/// politeness limits allow. Traffic goes to 127.0.0.1 only.
/// </summary>
internal static class BatchThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var addresses = Arg(args, 0, 100_000);
        var domains = Arg(args, 1, 1_000);
        var delay = TimeSpan.FromMilliseconds(Arg(args, 2, 20));
        // Rows handed to the batch verifier at once: a bulk job's window. Larger windows put more
        // recipients of one domain into one session.
        var chunk = Arg(args, 3, 50_000);

        await using var dns = LoopbackDnsServer.Start();
        await using var smtp = ScriptedSmtpPeer.Start((connection, ct) => DelayedServerAsync(connection, delay, ct));
        for (var d = 0; d < domains; d++)
        {
            dns.Mx(Domain(d), 10, "mx." + Domain(d)).A("mx." + Domain(d), "127.0.0.1");
        }

        var smtpOptions = new SmtpOptions
        {
            Port = smtp.Port,
            HeloName = "bench.verifier.test",
            MailFrom = "verify@verifier.test",
            CommandTimeout = TimeSpan.FromSeconds(30),
            ProbeTimeout = TimeSpan.FromMinutes(5),
        };
        smtpOptions.AllowedNetworks.Add("127.0.0.0/8");
        var dnsOptions = new DnsOptions { Servers = [dns.EndPoint.ToString()], Timeout = TimeSpan.FromSeconds(10) };
        var batchOptions = new BatchOptions();

        var cacheOptions = Options.Create(new CacheOptions());
        using var cache = new LayeredCache(cacheOptions, TimeProvider.System, NullLogger<LayeredCache>.Instance);
        var prober = new SmtpMailboxProber(Options.Create(smtpOptions), new HostSessionLimiter(smtpOptions.MaxSessionsPerHost), TimeProvider.System, NullLogger<SmtpMailboxProber>.Instance);
        var resolver = new MailDomainResolver(LookupClientFactory.Create(dnsOptions), Options.Create(dnsOptions), NullLogger<MailDomainResolver>.Instance);
        using var verifier = new VerificationPipeline(
            resolver,
            prober,
            new DomainFactsCache(cache, cacheOptions),
            new VerdictCache(cache, cacheOptions),
            NetworkGuard.FromCidrs(smtpOptions.AllowedNetworks),
            Options.Create(new VerificationOptions()),
            Options.Create(batchOptions),
            TimeProvider.System,
            NullLogger<VerificationPipeline>.Instance);

        // Addresses spread round-robin over the domains, as an exported CRM list would be.
        var emails = Enumerable.Range(0, addresses).Select(i => string.Create(CultureInfo.InvariantCulture, $"user{i}@{Domain(i % domains)}")).ToList();

        var watch = Stopwatch.StartNew();
        for (var start = 0; start < emails.Count; start += chunk)
        {
            await verifier.VerifyManyAsync(emails.GetRange(start, Math.Min(chunk, emails.Count - start)), new BatchVerificationOptions(), CancellationToken.None);
        }

        watch.Stop();

        // Lower bound: every reply costs one delay; a session is banner, EHLO, MAIL, its RCPTs and QUIT;
        // at most MaxConcurrentDomains sessions run at once (globally), each domain's sessions one after another.
        var sessions = smtp.ConnectionCount;
        var replies = sessions * 4L + addresses + domains;
        var lowerBound = TimeSpan.FromTicks(delay.Ticks * replies / batchOptions.MaxConcurrentDomains);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"addresses            {addresses:N0} over {domains:N0} domains, {delay.TotalMilliseconds:0} ms per SMTP reply, chunks of {chunk:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time            {watch.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"addresses/second     {addresses / watch.Elapsed.TotalSeconds:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SMTP sessions        {sessions:N0} ({sessions * 1000.0 / addresses:0.0} per 1,000 addresses)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lower bound          {lowerBound.TotalSeconds:0.0} s ({replies:N0} replies x {delay.TotalMilliseconds:0} ms / {batchOptions.MaxConcurrentDomains} concurrent domains)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall / lower bound   {watch.Elapsed / lowerBound:0.00}"));
        return 0;
    }

    private static string Domain(int index) => string.Create(CultureInfo.InvariantCulture, $"d{index}.bench.test");

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    /// <summary>A well-behaved server that waits before each reply, like a distant or busy MX.</summary>
    private static async Task DelayedServerAsync(ScriptedSmtpConnection connection, TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        await connection.WriteLineAsync("220 mx.bench.test ESMTP", cancellationToken);
        while (await connection.ReadLineAsync(cancellationToken) is { } line)
        {
            await Task.Delay(delay, cancellationToken);
            if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
            {
                await connection.WriteLineAsync("221 Bye", cancellationToken);
                return;
            }

            await connection.WriteLineAsync(line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) ? "250 mx.bench.test" : "250 Ok", cancellationToken);
        }
    }
}
