namespace Verifier.Api.Tokens;

/// <summary>Says at start what would otherwise surprise: a signing key of this process only, tokens no one can confirm.</summary>
internal sealed partial class TokenStartupReport(TokenKeyRing ring, TokenBindings bindings, ILogger<TokenStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (ring.Ephemeral)
        {
            LogEphemeral(logger);
        }
        else if (!ring.Enabled && bindings.PublishableNames.Count > 0)
        {
            LogDisabled(logger);
        }

        for (var i = 0; ring.Enabled && i < bindings.PublishableNames.Count; i++)
        {
            if (bindings.TenantOf(bindings.PublishableNames[i]) is null)
            {
                LogUnbound(logger, bindings.PublishableNames[i], i, TenantBindingValidation.Known(bindings.SecretNames));
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verification tokens are signed with a random key of this process (Verifier:Tokens:SigningKey is not set): they cannot be confirmed after a restart or by another instance")]
    private static partial void LogEphemeral(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answers to publishable keys carry no verification token: Verifier:Tokens:SigningKey is not set")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tokens of publishable key {Key} cannot be confirmed by anyone: set Verifier:Auth:PublishableKeys:{Index}:Tenant; {Known}")]
    private static partial void LogUnbound(ILogger logger, string key, int index, string known);
}
