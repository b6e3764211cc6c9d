using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Smtp;

namespace Verifier.Api.Tests.Security;

/// <summary>
/// Hostile mail servers through the API: each answer comes within the request's time budget (bounded by short
/// configured time-outs, never by waiting out the peer), and the service is healthy afterwards.
/// </summary>
public sealed class HostilePeerTests(HostilePeerTests.Fixture fixture) : IClassFixture<HostilePeerTests.Fixture>
{
    private const int BudgetMs = 8000;

    public static TheoryData<string> Peers => [.. Fixture.Scripts.Keys];

    [Theory]
    [MemberData(nameof(Peers))]
    public async Task A_hostile_peer_ends_in_unknown_within_the_budget_and_the_service_stays_healthy(string name)
    {
        var result = await fixture.Client.GetJsonAsync($"/v1/verify?email=someone@{name}.hostile.test&refresh=true&timeoutMs={BudgetMs}");

        Assert.Equal("unknown", result.Str("verdict"));
        Assert.NotEqual("smtp_not_checked", result.Str("reason"));
        Assert.True(result.GetProperty("durationMs").GetInt64() < BudgetMs, result.ToString());
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task A_peer_accepting_everything_is_a_catch_all()
    {
        var result = await fixture.Client.GetJsonAsync($"/v1/verify?email=someone@yes.hostile.test&refresh=true&timeoutMs={BudgetMs}");

        Assert.Equal("catch_all", result.Str("reason"));
        Assert.Equal("risky", result.Str("verdict"));
        await AssertHealthyAsync();
    }

    private async Task AssertHealthyAsync()
    {
        using var live = await fixture.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var normal = await fixture.Client.GetJsonAsync("/v1/verify?email=alice@ok.test&refresh=true");
        Assert.Equal("accepted", normal.Str("reason"));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        /// <summary>Each behaviour on its own loopback address, at the SMTP port.</summary>
        public static readonly Dictionary<string, Func<ScriptedSmtpConnection, CancellationToken, Task>> Scripts = new()
        {
            ["banner-after-5-minutes"] = ScriptedSmtpPeer.DelayedBanner(TimeSpan.FromMinutes(5)),
            ["one-byte-every-10-seconds"] = ScriptedSmtpPeer.Drip(TimeSpan.FromSeconds(10)),
            ["endless-line"] = ScriptedSmtpPeer.EndlessLine,
            ["continuation-lines"] = ScriptedSmtpPeer.ContinuationLines(10_000),
            ["binary-garbage"] = ScriptedSmtpPeer.Garbage,
            ["starttls-stall"] = StartTlsThenStall,
            ["reset-mid-reply"] = ScriptedSmtpPeer.ResetMidReply,
        };

        private WebApplicationFactory<Program> _app = null!;

        public SecurityWorld World { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await World.InitializeAsync();
            var last = 20;
            foreach (var (name, script) in Scripts.Append(new("yes", ScriptedSmtpPeer.AcceptEverything)))
            {
                var address = IPAddress.Parse($"127.0.0.{last++}");
                World.Peer(address, script);
                World.Route(name + ".hostile.test", address);
            }

            _app = SecurityWorld.App(World.Settings(new Dictionary<string, string?>
            {
                ["Verifier:Smtp:ConnectTimeout"] = "00:00:01",
                ["Verifier:Smtp:CommandTimeout"] = "00:00:00.500",
                ["Verifier:Smtp:ProbeTimeout"] = "00:00:04",
            }));
            Client = _app.CreateClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
            await World.DisposeAsync();
        }

        /// <summary>Offers STARTTLS, agrees to it, then never starts the TLS handshake.</summary>
        private static async Task StartTlsThenStall(ScriptedSmtpConnection connection, CancellationToken cancellationToken)
        {
            await connection.WriteLineAsync("220 mx.test ESMTP", cancellationToken);
            while (await connection.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                {
                    await connection.WriteAsync("250-mx.test\r\n250 STARTTLS\r\n", cancellationToken);
                }
                else if (line.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase))
                {
                    await connection.WriteLineAsync("220 2.0.0 Ready to start TLS", cancellationToken);
                    await connection.HoldOpenAsync(cancellationToken);
                    return;
                }
                else
                {
                    await connection.WriteLineAsync("250 Ok", cancellationToken);
                }
            }
        }
    }
}
