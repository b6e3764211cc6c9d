using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;
using Verifier.Testing.Programs;

namespace Verifier.Web.Tests.Infrastructure;

/// <summary>
/// Chromium (or Chrome) already on the machine, headless, driven by Playwright's driver from the NuGet package
/// (no browser is downloaded). A missing browser fails every web test with a message saying how to provide it.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>Headless, and none of Chromium's own background traffic (updates, sync, safe browsing lists).</summary>
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // CHROMIUM_PATH, else chromium (or Chrome) on the PATH: the browser ./test.sh found or installed.
        var executable = ExternalProgram.Chromium.Find();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = Arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>
    /// A fresh browser context (its own sessionStorage and downloads) in which every request to anything but
    /// loopback is refused and recorded, so a test proves the page needs nothing from outside.
    /// </summary>
    public async Task<PageSession> OpenAsync(Uri address, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            AcceptDownloads = true,
            ViewportSize = viewport ?? new ViewportSize { Width = 1100, Height = 900 },
            Locale = "en-US",
        });
        var session = new PageSession(context, await context.NewPageAsync());
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)))
            {
                await route.FallbackAsync();
                return;
            }

            session.Refused.Add(route.Request.Url);
            await route.AbortAsync();
        });
        session.Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session.ConsoleErrors.Add(message.Text);
            }
        };
        session.Page.PageError += (_, error) => session.ConsoleErrors.Add(error);
        return session;
    }
}

/// <summary>One page in its own context, with what it tried to reach outside loopback and the errors it logged.</summary>
public sealed class PageSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public ConcurrentBag<string> Refused { get; } = [];

    public ConcurrentBag<string> ConsoleErrors { get; } = [];

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

/// <summary>Screenshots of each state, saved under the test output folder as TestResults/screenshots/NAME.png.</summary>
public static class Screenshots
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}

/// <summary>The application world and the browser, started once for all web page tests.</summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>The secret key of <see cref="KeyedWorld"/>.</summary>
    public const string ApiKey = "web-page-test-key-7f3a9c21";

    /// <summary>An open API (no key configured).</summary>
    public WebWorld World { get; } = new();

    /// <summary>An API that requires <see cref="ApiKey"/> in X-Api-Key.</summary>
    public WebWorld KeyedWorld { get; } = new(new Dictionary<string, string?> { ["Verifier:Auth:ApiKeys:0"] = ApiKey });

    public ChromiumBrowser Chromium { get; } = new();

    public async Task InitializeAsync()
    {
        // The browser first: without it nothing else is worth starting.
        await Chromium.InitializeAsync();
        await Task.WhenAll(World.InitializeAsync(), KeyedWorld.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        if (scriptPage is not null)
        {
            await scriptPage.DisposeAsync();
        }

        scriptPageLock.Dispose();
        await Chromium.DisposeAsync();
        await World.DisposeAsync();
        await KeyedWorld.DisposeAsync();
    }

    private readonly SemaphoreSlim scriptPageLock = new(1, 1);

    private PageSession? scriptPage;

    public Task<PageSession> OpenAsync(ViewportSize? viewport = null) => Chromium.OpenAsync(World.Address, viewport);

    /// <summary>One page of this origin kept for running the page's modules on their own (no page state is involved).</summary>
    public async Task<IPage> ScriptPageAsync()
    {
        await scriptPageLock.WaitAsync();
        try
        {
            if (scriptPage is null)
            {
                scriptPage = await OpenAsync();
                await scriptPage.Page.GotoAsync("/icon.svg");
            }

            return scriptPage.Page;
        }
        finally
        {
            scriptPageLock.Release();
        }
    }

    public Task<PageSession> OpenKeyedAsync() => Chromium.OpenAsync(KeyedWorld.Address);
}

[CollectionDefinition(Name)]
public sealed class WebPageTests : ICollectionFixture<WebFixture>
{
    public const string Name = "Web page";
}
