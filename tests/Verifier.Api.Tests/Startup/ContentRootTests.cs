using System.Net;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Startup;

/// <summary>
/// The published application started the way a systemd unit without WorkingDirectory or a process manager starts
/// it (<c>dotnet /opt/verifier/Verifier.Api.dll</c> from <c>/</c>) finds its web page, settings and job folder in
/// its own folder; a content root configured for the host is still honoured.
/// </summary>
public sealed class ContentRootTests(PublishedApplication published) : IClassFixture<PublishedApplication>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Started_from_the_filesystem_root_it_serves_the_web_page_from_its_own_folder()
    {
        await using var api = ApiProcess.Start(Production(), published.EntryAssembly, workingDirectory: "/");
        await api.WaitUntilLiveAsync(StartTimeout);

        using var response = await api.Client.GetAsync(new Uri("/", UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET / answered {(int)response.StatusCode}:\n{api.Output}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>", page, StringComparison.Ordinal);

        // The default job folder (./data/jobs) is taken from the application's folder too, not from '/'.
        Assert.True(Directory.Exists(Path.Combine(published.Directory, "data", "jobs")), api.Output);
    }

    [Fact]
    public async Task A_content_root_given_in_ASPNETCORE_CONTENTROOT_is_kept()
    {
        var elsewhere = Directory.CreateTempSubdirectory("verifier-content-root-").FullName;
        try
        {
            var environment = Production();
            environment["ASPNETCORE_CONTENTROOT"] = elsewhere;
            await using var api = ApiProcess.Start(environment, published.EntryAssembly, workingDirectory: "/");
            await api.WaitUntilLiveAsync(StartTimeout);

            using var response = await api.Client.GetAsync(new Uri("/", UriKind.Relative));

            // That folder has no wwwroot: the page is not found there.
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    /// <summary>Production, as installed: only the probe identity it requires.</summary>
    private static Dictionary<string, string> Production() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Verifier__Smtp__HeloName"] = "probe.verifier.test",
        ["Verifier__Smtp__MailFrom"] = "verify@verifier.test",
    };
}
