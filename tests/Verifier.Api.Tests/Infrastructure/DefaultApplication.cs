namespace Verifier.Api.Tests.Infrastructure;

/// <summary>The application with its default configuration and no servers behind it: for endpoints that need neither DNS nor SMTP.</summary>
public sealed class DefaultApplication : IAsyncLifetime
{
    public VerifierApplication App { get; } = new(new Dictionary<string, string?>());

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = App.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
