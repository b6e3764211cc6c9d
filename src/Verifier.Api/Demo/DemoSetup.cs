using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Verifier.Api.Startup;
using Verifier.Api.Widget;

namespace Verifier.Api.Demo;

/// <summary>
/// Signup forms: <c>GET /widget.js</c> always, and the demo page at <c>/demo/signup</c> when enabled (Development, or
/// <c>Verifier:Demo:Enabled</c>), whose backend is a <see cref="Client.IVerifierClient"/> calling this same service.
/// </summary>
internal static class DemoSetup
{
    public static WebApplicationBuilder AddVerifierSignupForms(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WidgetScript>();
        if (!IsEnabled(builder.Configuration, builder.Environment))
        {
            return builder;
        }

        builder.Services.AddSettings<DemoOptions>(DemoOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidation>();
        builder.Services.AddSingleton<DemoPages>();
        builder.Services.AddVerifierClient((provider, client) =>
        {
            var demo = provider.GetRequiredService<IOptions<DemoOptions>>().Value;
            client.BaseAddress = demo.ApiAddress ?? OwnAddress(provider);
            client.ApiKey = demo.SecretKey;
            client.RequestTimeout = TimeSpan.FromSeconds(15);
            client.MaxRetries = 1;
        });
        return builder;
    }

    public static WebApplication MapVerifierSignupForms(this WebApplication app)
    {
        app.MapWidget();
        if (IsEnabled(app.Configuration, app.Environment))
        {
            app.MapDemo();
        }

        return app;
    }

    private static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(DemoOptions.SectionName + ":Enabled") ?? environment.IsDevelopment();

    /// <summary>The first address the server listens on, with a wildcard host made loopback: never the request's Host header, which a caller chooses.</summary>
    private static Uri? OwnAddress(IServiceProvider provider)
    {
        var listening = provider.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (listening is null)
        {
            return null;
        }

        var address = listening.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null;
    }
}
