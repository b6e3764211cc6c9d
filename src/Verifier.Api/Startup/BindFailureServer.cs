using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Verifier.Api.Startup;

/// <summary>
/// The server (Kestrel), whose failure to bind an address becomes a <see cref="StartupRefusedException"/>: one
/// line naming the address and what to do, where Kestrel's own exception carries a stack trace that the host
/// logs and the runtime prints again.
/// </summary>
internal sealed class BindFailureServer(IServer server) : IServer
{
    public IFeatureCollection Features => server.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            await server.StartAsync(application, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error) when (error.InnerException is AddressInUseException)
        {
            // Kestrel's message names the address: "Failed to bind to address http://127.0.0.1:5000: address already in use."
            throw new StartupRefusedException([new SettingProblem(
                "urls",
                $"{error.Message.TrimEnd('.')}; stop the process using that port, or choose another port (ASPNETCORE_URLS=http://0.0.0.0:8080 or ASPNETCORE_HTTP_PORTS=8080)",
                "ASPNETCORE_URLS").ToString()]);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);

    public void Dispose() => server.Dispose();
}

/// <summary>
/// The process must not start, for the reasons given. Its text is those lines and nothing else (no stack trace),
/// as the host logs it and as <see cref="StartupChecks"/> prints it.
/// </summary>
internal sealed class StartupRefusedException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    public override string ToString() => Message;
}
