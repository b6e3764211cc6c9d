using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using Verifier.Testing.Smtp;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Widget;

/// <summary>
/// A shop's signup page on its own origin (<see cref="ShopSite"/>, another loopback port) with the widget
/// loaded from the API, and three APIs: one with a publishable key for the shop, one whose publishable limit is one
/// request a minute (for 429), and an open one serving the demo page. Plus a port that accepts connections and never
/// answers (an API that hangs) and one where nothing listens (an API that is down).
/// </summary>
public sealed class WidgetFixture : IAsyncLifetime
{
    public const string PublishableKey = "pk_widget_tests_shop_0001";
    public const string SecretKey = "sk_widget_tests_shop_0001";

    /// <summary>A mail server on this address accepts the connection and never says a word.</summary>
    private static readonly IPAddress Silent = IPAddress.Parse("127.0.0.5");

    private readonly List<IAsyncDisposable> _owned = [];
    private TcpListener? _hanging;
    private readonly ConcurrentBag<TcpClient> _held = [];

    public ChromiumBrowser Chromium { get; } = new();

    public ShopSite Site { get; } = new();

    /// <summary>The API the shop's key belongs to.</summary>
    public WebWorld Api { get; private set; } = null!;

    /// <summary>The same, allowing one publishable request a minute.</summary>
    public WebWorld Limited { get; private set; } = null!;

    /// <summary>An open API (Development): its demo page needs no key.</summary>
    public WebWorld Open { get; } = new();

    public Uri Hanging { get; private set; } = null!;

    public Uri Down { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Chromium.InitializeAsync();
        await Site.StartAsync();
        Api = new WebWorld(KeyedSettings(Site.Origin, "100000"));
        Limited = new WebWorld(KeyedSettings(Site.Origin, "1"));
        await Task.WhenAll(Api.InitializeAsync(), Limited.InitializeAsync(), Open.InitializeAsync());
        foreach (var world in new[] { Api, Limited, Open })
        {
            world.Smtp.Reply("erin@ok.test", 450, "4.2.0 <erin@ok.test>: Recipient address rejected: Greylisted, try again later")
                .ReplyToLocalPart("info", 250, "2.1.5 Ok")
                .ReplyToDomain("mailinator.com", 250, "2.1.5 Ok");
            world.Dns.Mx("mailinator.com", 10, "mx.mailinator.com").A("mx.mailinator.com", "127.0.0.1");
            world.Dns.Mx("silent.test", 10, "mx.silent.test").A("mx.silent.test", Silent.ToString());
            _owned.Add(ScriptedSmtpPeer.Start(ScriptedSmtpPeer.NeverAnswer, new IPEndPoint(Silent, world.Smtp.Port)));
        }

        _hanging = new TcpListener(IPAddress.Loopback, 0);
        _hanging.Start();
        Hanging = new Uri($"http://127.0.0.1:{((IPEndPoint)_hanging.LocalEndpoint).Port}");
        _ = HoldConnectionsAsync(_hanging);
        using (var closed = new TcpListener(IPAddress.Loopback, 0))
        {
            closed.Start();
            Down = new Uri($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}");
        }
    }

    public async Task DisposeAsync()
    {
        _hanging?.Stop();
        foreach (var client in _held)
        {
            client.Dispose();
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await Chromium.DisposeAsync();
        await Site.DisposeAsync();
        await Api.DisposeAsync();
        await Limited.DisposeAsync();
        await Open.DisposeAsync();
    }

    /// <summary>
    /// Opens the shop's signup page under a strict Content-Security-Policy (scripts and connections only from the API,
    /// nothing inline), with the widget's <c>&lt;script&gt;</c> carrying <paramref name="attributes"/>.
    /// </summary>
    public async Task<ShopPage> OpenShopAsync(WebWorld api, string attributes = "", bool novalidate = false, Uri? apiAddress = null)
    {
        var origin = api.Address.GetLeftPart(UriPartial.Authority);
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Shop signup</title></head>
            <body>
              <form id="signup" method="post"{{(novalidate ? " novalidate" : "")}}>
                <label for="email">Email</label>
                <input id="email" name="email" type="email" aria-describedby="email-hint">
                <p id="email-hint">We send your receipts there.</p>
                <button type="submit">Sign up</button>
              </form>
              <script src="{{origin}}/widget.js" data-key="{{PublishableKey}}"{{(apiAddress is null ? "" : $" data-api=\"{apiAddress}\"")}} {{attributes}} defer></script>
            </body>
            </html>
            """;
        var csp = $"default-src 'none'; script-src {origin}; connect-src {origin} {apiAddress?.GetLeftPart(UriPartial.Authority)}; form-action 'self'; base-uri 'none'";
        var address = Site.Add(html, csp);
        var session = await Chromium.OpenAsync(Site.Origin);
        var shop = new ShopPage(session, api.Address, Site, address);
        await session.Context.AddInitScriptAsync(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));");
        session.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/v1/verify", StringComparison.Ordinal))
            {
                shop.VerifyRequests.Enqueue(request.Url);
            }

            shop.Hosts.Add(new Uri(request.Url).GetLeftPart(UriPartial.Authority));
        };
        session.Page.RequestFailed += (_, request) => shop.Failed.Add(request.Url);
        await session.Page.GotoAsync(address.ToString());
        await session.Page.WaitForFunctionAsync("() => window.Verifier && (document.getElementById('email').verifierField || document.querySelector('script[data-auto=false]'))", null, new() { Timeout = 15_000 });
        return shop;
    }

    /// <summary>The API's own verdict on a token, asked with the shop's secret key: proves the hidden field holds a real one.</summary>
    public static async Task<JsonElement> ConfirmAsync(WebWorld api, string token, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens/confirm") { Content = JsonContent.Create(new { token, email }) };
        request.Headers.Add("X-Api-Key", SecretKey);
        using var response = await api.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Dictionary<string, string?> KeyedSettings(Uri site, string publishablePerMinute) => new()
    {
        ["Verifier:Auth:ApiKeys:0"] = SecretKey,
        ["Verifier:Auth:PublishableKeys:0:Key"] = PublishableKey,
        ["Verifier:Auth:PublishableKeys:0:Origins:0"] = site.GetLeftPart(UriPartial.Authority),
        ["Verifier:RateLimit:PublishablePermitsPerMinute"] = publishablePerMinute,
        ["Verifier:Auth:PublishableNewDomainsPerMinute"] = "1000",
    };

    private async Task HoldConnectionsAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                _held.Add(await listener.AcceptTcpClientAsync());
            }
        }
        catch (Exception error) when (error is ObjectDisposedException or SocketException)
        {
        }
    }
}

/// <summary>The shop's page in the browser, with what it sent: form posts, verify requests, hosts reached, failed requests.</summary>
public sealed class ShopPage(PageSession session, Uri api, ShopSite site, Uri address) : IAsyncDisposable
{
    public PageSession Session { get; } = session;

    public IPage Page => Session.Page;

    public Uri Api { get; } = api;

    /// <summary>The form bodies the shop received.</summary>
    public IReadOnlyList<string> Submissions => site.PostsTo(address);

    public ConcurrentQueue<string> VerifyRequests { get; } = new();

    public ConcurrentBag<string> Hosts { get; } = [];

    public ConcurrentBag<string> Failed { get; } = [];

    public ILocator Email => Page.Locator("#email");

    public ILocator Message => Page.Locator(".verifier-message");

    public Task<string> TokenAsync() => Page.Locator("input[type=hidden][name=verifier_token]").InputValueAsync();

    /// <summary>Types the address as a person does and leaves the field.</summary>
    public async Task TypeAndLeaveAsync(string email)
    {
        await Email.FillAsync(email);
        await Email.PressAsync("Tab");
    }

    /// <summary>Submits with the button and waits for the shop's answer page.</summary>
    public async Task SubmitAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#received")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Nothing but the shop and the API was asked for anything; no script error and no CSP violation (Chromium logs those
    /// as console errors too). Failed requests are logged by the browser as errors; they are what fail-open tests provoke.
    /// </summary>
    public async Task AssertCleanAsync()
    {
        Assert.Empty(Session.Refused);
        Assert.All(Hosts, host => Assert.True(host == site.Origin.GetLeftPart(UriPartial.Authority) || host == Api.GetLeftPart(UriPartial.Authority), $"request to {host}"));
        Assert.DoesNotContain(Session.ConsoleErrors, e => !e.Contains("Failed to load resource", StringComparison.Ordinal) && !e.Contains("net::ERR_", StringComparison.Ordinal));
        if (Submissions.Count == 0)
        {
            Assert.Equal(0, await Page.EvaluateAsync<int>("() => window.__violations.length"));
        }
    }

    public async ValueTask DisposeAsync() => await Session.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class WidgetTestGroup : ICollectionFixture<WidgetFixture>
{
    public const string Name = "Signup widget";
}
