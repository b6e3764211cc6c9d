using Microsoft.Extensions.Hosting;

namespace Verifier.Core.Verification;

/// <summary>
/// At shutdown, once the server has finished the requests in flight (hence in <c>StoppedAsync</c>, not
/// <c>StopAsync</c>), stops the verifications that outlived their requests and waits for their SMTP sessions to
/// end with QUIT, within the host's shutdown time-out.
/// </summary>
public sealed class BackgroundRunsShutdown(VerificationPipeline pipeline) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => pipeline.StopBackgroundRunsAsync(cancellationToken);
}
