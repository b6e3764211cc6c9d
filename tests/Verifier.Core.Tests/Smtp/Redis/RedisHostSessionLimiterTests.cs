using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verifier.Core.Redis;
using Verifier.Core.Smtp;
using Verifier.Core.Smtp.Redis;
using Verifier.Testing.Redis;

namespace Verifier.Core.Tests.Smtp.Redis;

/// <summary>Two instances sharing a real redis-server share the per-MX-host session limit.</summary>
public sealed class RedisHostSessionLimiterTests : IAsyncLifetime
{
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task A_slot_held_by_one_instance_is_not_given_to_another()
    {
        using var connectionA = await ConnectAsync();
        using var connectionB = await ConnectAsync();
        var a = Limiter(connectionA);
        var b = Limiter(connectionB);

        var held = await a.AcquireAsync("MX.Example.test", CancellationToken.None);
        var waiting = b.AcquireAsync("mx.example.test", CancellationToken.None).AsTask();
        await Task.Delay(RedisHostSessionLimiter.PollInterval * 6);
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Other_hosts_are_not_held_up()
    {
        using var connectionA = await ConnectAsync();
        using var connectionB = await ConnectAsync();

        await using var held = await Limiter(connectionA).AcquireAsync("mx1.example.test", CancellationToken.None);
        var other = await Limiter(connectionB).AcquireAsync("mx2.example.test", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await other.DisposeAsync();
    }

    [Fact]
    public async Task The_slots_of_an_instance_that_died_free_themselves_when_their_leases_expire()
    {
        var lease = TimeSpan.FromMilliseconds(1500);
        var sinceLeaseTaken = System.Diagnostics.Stopwatch.StartNew();
        var dead = await ConnectAsync();
        _ = await Limiter(dead, lease).AcquireAsync("mx.example.test", CancellationToken.None);
        dead.Dispose(); // never released, like a process killed mid-session

        using var alive = await ConnectAsync();
        var slot = await Limiter(alive, lease).AcquireAsync("mx.example.test", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var waited = sinceLeaseTaken.Elapsed;

        // The slot came only once the dead instance's lease ran out: not at once, and not never. (A lower bound
        // only, which a loaded machine can only make later.)
        Assert.True(waited >= lease, $"the slot was given after {waited.TotalMilliseconds:0} ms, inside the {lease.TotalMilliseconds:0} ms lease");
        await slot.DisposeAsync();
    }

    [Fact]
    public async Task Without_redis_the_in_process_limit_still_applies_and_probes_go_on()
    {
        using var connection = await ConnectAsync();
        await redis.KillAsync();
        var limiter = Limiter(connection);

        var first = await limiter.AcquireAsync("mx.example.test", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var second = limiter.AcquireAsync("mx.example.test", CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await (await second.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
    }

    private async Task<RedisConnection> ConnectAsync()
    {
        var connection = new RedisConnection(redis.ConnectionString);
        Assert.True(await connection.WaitForFirstConnectionAsync(TimeSpan.FromSeconds(10), CancellationToken.None), "redis-server did not accept a connection");
        return connection;
    }

    private static RedisHostSessionLimiter Limiter(RedisConnection connection, TimeSpan? lease = null)
    {
        var options = new SmtpOptions { MaxSessionsPerHost = 1 };
        if (lease is { } l)
        {
            options.ConnectTimeout = TimeSpan.FromMilliseconds(100);
            options.ProbeTimeout = l - options.ConnectTimeout;
        }

        return new RedisHostSessionLimiter(connection, new HostSessionLimiter(1), Options.Create(options), TimeProvider.System, NullLogger<RedisHostSessionLimiter>.Instance);
    }
}
