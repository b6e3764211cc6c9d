using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Verifier.Core.Telemetry;

namespace Verifier.Api.Operations;

/// <summary>
/// OpenTelemetry: the engine's meter and ASP.NET Core's and the runtime's metrics, served for Prometheus at
/// <see cref="MetricsPath"/>; the engine's spans (<c>dns.resolve</c>, <c>smtp.probe</c>) inside ASP.NET Core's request spans.
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set (environment or configuration), traces and metrics are also pushed
/// there over OTLP; the standard <c>OTEL_*</c> variables (protocol, headers, <c>OTEL_SERVICE_NAME</c>) apply.
/// </summary>
internal static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddVerifierTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "verifier";

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(VerifierMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(VerifierTracing.SourceName)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path));
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    /// <summary>
    /// <c>GET /metrics</c>: the Prometheus text format, behind <see cref="MetricsKeyGate"/>. Not part of the OpenAPI document.
    /// </summary>
    public static IEndpointRouteBuilder MapVerifierMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, branch => branch.UseMiddleware<MetricsKeyGate>(), optionsName: null)
            .ExcludeFromDescription();
        return routes;
    }

    /// <summary>Scrapes and health probes, which would otherwise be most of the traces.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
