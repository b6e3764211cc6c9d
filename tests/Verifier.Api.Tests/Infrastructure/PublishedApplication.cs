using System.Diagnostics;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>
/// The API as an operator installs it: <c>dotnet publish</c> of src/Verifier.Api (from the build the tests were
/// compiled against, so nothing is compiled again) into a temporary folder, removed at the end.
/// </summary>
public sealed class PublishedApplication : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "verifier-published-" + Guid.NewGuid().ToString("N"));

    /// <summary>The application's entry assembly, for <c>dotnet &lt;path&gt;</c>.</summary>
    public string EntryAssembly => Path.Combine(Directory, "Verifier.Api.dll");

    public async Task InitializeAsync()
    {
        var project = Path.Combine(Repository.Root, "src", "Verifier.Api", "Verifier.Api.csproj");
        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", Configuration, "--no-build", "-o", Directory, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var publish = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await publish.WaitForExitAsync(timeout.Token);
        if (publish.ExitCode != 0 || !File.Exists(EntryAssembly))
        {
            throw new InvalidOperationException($"dotnet publish exited with {publish.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
