namespace Verifier.Api.Security;

/// <summary>Logs one warning at start when no API key is configured.</summary>
internal sealed partial class OpenAccessWarning(ApiKeyStore keys, ILogger<OpenAccessWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.IsOpen)
        {
            LogOpen(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is configured (Verifier:Auth:ApiKeys): the API is open to anyone who can reach it, rate-limited per client IP address")]
    private static partial void LogOpen(ILogger logger);
}
