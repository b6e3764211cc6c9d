using Verifier.Core.Smtp;

namespace Verifier.Core.Tests.Smtp;

public class HostSessionLimiterTests
{
    [Fact]
    public async Task Third_session_to_a_host_waits_for_a_free_slot()
    {
        var limiter = new HostSessionLimiter(2);
        var first = await limiter.AcquireAsync("mx.x.test", CancellationToken.None);
        await using var second = await limiter.AcquireAsync("MX.X.TEST", CancellationToken.None);

        var third = limiter.AcquireAsync("mx.x.test", CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        await first.DisposeAsync();
        await using var granted = await third.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Hosts_are_limited_independently_and_forgotten_when_idle()
    {
        var limiter = new HostSessionLimiter(1);
        var a = await limiter.AcquireAsync("mx1.x.test", CancellationToken.None);
        var b = await limiter.AcquireAsync("mx2.x.test", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(2, limiter.TrackedHosts);

        await a.DisposeAsync();
        await a.DisposeAsync();
        await b.DisposeAsync();

        Assert.Equal(0, limiter.TrackedHosts);
    }

    [Fact]
    public async Task Cancelled_wait_gives_up_its_place()
    {
        var limiter = new HostSessionLimiter(1);
        await using var held = await limiter.AcquireAsync("mx.x.test", CancellationToken.None);
        using var cancel = new CancellationTokenSource(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.AcquireAsync("mx.x.test", cancel.Token).AsTask());

        Assert.Equal(1, limiter.TrackedHosts);
    }
}
