using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Verifier.Web.Tests.Widget;

/// <summary>
/// A shop's web site on its own loopback origin: each test puts its signup page at <c>/pages/{id}</c> (served with the
/// test's Content-Security-Policy), and the form's POST to the same path is recorded and answered with a thank-you page.
/// </summary>
public sealed class ShopSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string Html, string Csp)> _pages = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _posts = new();
    private WebApplication? _app;

    public Uri Origin { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/pages/{id}", (string id, HttpContext context) =>
        {
            if (!_pages.TryGetValue(id, out var page))
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = page.Csp;
            return Results.Content(page.Html, "text/html; charset=utf-8");
        });
        _app.MapPost("/pages/{id}", async (string id, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _posts.GetOrAdd(id, _ => new ConcurrentQueue<string>()).Enqueue(await reader.ReadToEndAsync());
            return Results.Content("<!doctype html><title>Thanks</title><p id=\"received\">received</p>", "text/html; charset=utf-8");
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Origin = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Puts a page on the site and returns its address.</summary>
    public Uri Add(string html, string csp)
    {
        var id = Guid.NewGuid().ToString("N");
        _pages[id] = (html, csp);
        return new Uri(Origin, "/pages/" + id);
    }

    /// <summary>The form bodies posted to a page.</summary>
    public IReadOnlyList<string> PostsTo(Uri page) =>
        _posts.TryGetValue(page.AbsolutePath.Split('/')[^1], out var posts) ? [.. posts] : [];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
