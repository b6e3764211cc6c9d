using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Verifier.Core.Redis;

namespace Verifier.Core.Jobs.Redis;

/// <summary>
/// Cancels this instance's work on a job deleted through any instance: <see cref="RedisJobStore.DeleteAsync"/>
/// publishes the id on <see cref="RedisJobKeys.DeletedChannel"/>. Should a message be missed (Redis briefly
/// away), the chunk in progress still changes nothing: the store refuses to record for a job that is gone.
/// </summary>
public sealed partial class RedisJobCancellationListener(
    RedisConnection redis,
    JobCancellations cancellations,
    ILogger<RedisJobCancellationListener> logger) : BackgroundService
{
    private ISubscriber? _subscriber;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscriber is { } subscriber)
        {
            try
            {
                await subscriber.UnsubscribeAsync(RedisChannel.Literal(RedisJobKeys.DeletedChannel)).ConfigureAwait(false);
            }
            catch (Exception error) when (RedisJobStore.IsUnavailable(error) || error is ObjectDisposedException)
            {
                // The connection is going away anyway (or, in a host disposed before it was stopped, is gone).
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var multiplexer = await redis.MultiplexerAsync.WaitAsync(stoppingToken).ConfigureAwait(false);
        var subscriber = multiplexer.GetSubscriber();
        var warned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Once subscribed, the multiplexer subscribes again by itself after a reconnection.
                await subscriber.SubscribeAsync(
                    RedisChannel.Literal(RedisJobKeys.DeletedChannel),
                    (_, id) => cancellations.Cancel(id.ToString())).ConfigureAwait(false);
                _subscriber = subscriber;
                return;
            }
            catch (Exception error) when (RedisJobStore.IsUnavailable(error))
            {
                if (!warned)
                {
                    LogNotSubscribed(logger, error.Message);
                    warned = true;
                }

                await Task.Delay(JobBackendOutage.RetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not yet listening for deleted jobs ({Reason}); trying again")]
    private static partial void LogNotSubscribed(ILogger logger, string reason);
}
