using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Verifier.Api.Startup;

/// <summary>
/// Checks everything the process needs before it starts, and refuses to start with one line per problem (the
/// setting, what is wrong with its value, the fix), every problem at once, on standard error, with exit code
/// <see cref="ExitCode"/>: no stack trace, no abort.
/// <code>
/// var app = builder.Build();
/// if (StartupChecks.Problems(app) is { Count: > 0 } problems) return StartupChecks.Refuse(problems);
/// …
/// return await StartupChecks.RunAsync(app);
/// </code>
/// </summary>
internal static class StartupChecks
{
    /// <summary>EX_CONFIG of sysexits.h: a supervisor can tell a configuration error from a crash (systemd: RestartPreventExitStatus=78).</summary>
    public const int ExitCode = 78;

    /// <summary>Registers the checks of the start-up itself; features register theirs (<see cref="IStartupCheck"/>).</summary>
    public static WebApplicationBuilder AddVerifierStartupChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStartupCheck>(new ListenAddressCheck(builder.Configuration));

        // The server registered by the web host defaults (Kestrel), wrapped so that a failure to bind is one line too.
        var server = builder.Services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IServer));
        if (server?.ImplementationType is { } serverType)
        {
            builder.Services.Remove(server);
            builder.Services.AddSingleton(serverType);
            builder.Services.AddSingleton<IServer>(provider => new BindFailureServer((IServer)provider.GetRequiredService(serverType)));
        }

        return builder;
    }

    /// <summary>
    /// Every problem found, one line each: values of the wrong type, values out of range or otherwise invalid, then
    /// each feature's own checks.
    /// </summary>
    public static IReadOnlyList<string> Problems(WebApplication app)
    {
        var problems = new List<string>();
        foreach (var section in app.Services.GetServices<SettingsSection>())
        {
            var configuration = app.Configuration.GetSection(section.Path);
            var typeProblems = SettingValueTypes.Problems(configuration, section.OptionsType).ToList();
            problems.AddRange(typeProblems.Select(problem => problem.ToString()));
            IEnumerable<string> failures;
            if (typeProblems.Count == 0)
            {
                failures = Validate(section, app.Services);
            }
            else
            {
                // The binder would stop at the first bad value: validate the rest without them, to name every problem now.
                var bad = typeProblems.Select(problem => problem.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var rest = new ConfigurationBuilder()
                    .AddInMemoryCollection(configuration.AsEnumerable().Where(setting => !bad.Contains(setting.Key)))
                    .Build()
                    .GetSection(section.Path);
                failures = section.ValidateAlone(app.Services, rest);
            }

            // The validators write SettingProblem lines; any other failure is given its section.
            problems.AddRange(failures.Select(failure =>
                failure.StartsWith(section.Path, StringComparison.Ordinal) ? failure : $"{section.Path}: {failure}"));
        }

        var settingsValid = problems.Count == 0;
        foreach (var check in app.Services.GetServices<IStartupCheck>())
        {
            try
            {
                problems.AddRange(check.Problems(app.Services).Select(problem => problem.ToString()));
            }
            catch (Exception error) when (!settingsValid && error is OptionsValidationException or InvalidOperationException)
            {
                // The settings this check needs are invalid (or of the wrong type), and already reported.
            }
        }

        return problems;
    }

    private static IEnumerable<string> Validate(SettingsSection section, IServiceProvider services)
    {
        try
        {
            section.Read(services);
            return [];
        }
        catch (OptionsValidationException invalid)
        {
            return invalid.Failures;
        }
    }

    /// <summary>
    /// Writes the problems, one a line, to standard error, and returns the exit code. Where the entry point was
    /// called by another program (a test host), the problems are thrown to it instead, since it has no exit code to read.
    /// </summary>
    public static int Refuse(IReadOnlyList<string> problems)
    {
        if (Assembly.GetEntryAssembly() != typeof(StartupChecks).Assembly)
        {
            throw new StartupRefusedException(problems);
        }

        var error = Console.Error;
        error.WriteLine(problems.Count == 1
            ? "Verifier cannot start: 1 problem with its configuration."
            : $"Verifier cannot start: {problems.Count} problems with its configuration.");
        foreach (var problem in problems)
        {
            error.WriteLine("  " + problem);
        }

        error.Flush();
        return ExitCode;
    }

    /// <summary>Runs the application until it is stopped; a problem found only when the server binds is refused like the others.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (StartupRefusedException refused)
        {
            return Refuse(refused.Problems);
        }
    }
}
