namespace Verifier.Api.Startup;

/// <summary>
/// Where the application finds appsettings.json and wwwroot: the folder it is installed in, whatever the working
/// directory it was started from (a systemd unit without WorkingDirectory starts it in <c>/</c>), unless the host's
/// own setting says otherwise (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c> or <c>DOTNET_CONTENTROOT</c>).
/// </summary>
internal static class ContentRoot
{
    /// <summary>The options to create the application's builder with.</summary>
    public static WebApplicationOptions For(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Configured(args) ?? AppContext.BaseDirectory,
    };

    /// <summary>The content root the host's configuration names, read from the same sources the host reads it from.</summary>
    private static string? Configured(string[] args)
    {
        var hostSettings = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        return hostSettings[HostDefaults.ContentRootKey] is { Length: > 0 } configured ? Path.GetFullPath(configured) : null;
    }
}
