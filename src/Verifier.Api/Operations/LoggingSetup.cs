namespace Verifier.Api.Operations;

/// <summary>
/// Console logs: one JSON object a line outside Development (with scopes: every line written while a request runs
/// carries its <c>RequestId</c>, the request's <c>TraceIdentifier</c>, and its trace and span ids), the readable
/// simple format in Development.
/// <para>Addresses are personal data and never appear at Information or above: the engine logs domains, and
/// ASP.NET Core's "Request starting/finished" lines, which print the query string (<c>?email=…</c>), are
/// kept at Warning whatever the configuration says. Request counts and durations are in the metrics instead.</para>
/// </summary>
internal static class LoggingSetup
{
    /// <summary>The category of ASP.NET Core's per-request lines; it also opens the request's log scope.</summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder AddVerifierLogging(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(options => options.TimestampFormat = "HH:mm:ss.fff ");
        }
        else
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // Registered after the configuration's rules, so it wins over a configured level for the same category.
        // Critical stays enabled: the request's log scope is opened only when this category logs at all.
        builder.Logging.AddFilter(HostingDiagnostics, level => level >= LogLevel.Warning);
        return builder;
    }
}
