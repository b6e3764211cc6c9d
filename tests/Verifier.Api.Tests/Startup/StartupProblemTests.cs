using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Verifier.Api.Startup;
using Verifier.Api.Tests.Infrastructure;

namespace Verifier.Api.Tests.Startup;

/// <summary>
/// A configuration the process cannot run with stops it at start: one line on standard error per problem (the
/// setting, its environment variable, what is wrong with the value and what to do), every problem at once, exit
/// code 78, and no stack trace anywhere. Checked on the real process, as an operator sees it.
/// </summary>
public sealed class StartupProblemTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_problem_is_named_on_its_own_line_all_at_once()
    {
        using var busy = Listening(out var busyPort);
        var notAFolder = Path.GetTempFileName();
        try
        {
            await using var api = ApiProcess.Start(new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{busyPort}",
                ["Verifier__Auth__ApiKeys__0"] = "short",
                ["Verifier__Smtp__ConnectTimeout"] = "5x",
                ["Verifier__Smtp__AllowedNetworks__0"] = "10.0.0.0/33",
                ["Verifier__Jobs__DataDirectory"] = Path.Combine(notAFolder, "jobs"),
            });

            var exitCode = await api.WaitForExitAsync(ExitTimeout);

            Assert.Equal(78, exitCode);
            var lines = ProblemLines(api.Errors);
            AssertOneLine(lines, "Verifier:Auth:ApiKeys:0 (Verifier__Auth__ApiKeys__0): is 5 characters long", "at least 16 characters");
            AssertOneLine(lines, "Verifier:Smtp:ConnectTimeout (Verifier__Smtp__ConnectTimeout): '5x' is not a time span", "00:00:30");
            AssertOneLine(lines, "Verifier:Smtp:AllowedNetworks:0 (Verifier__Smtp__AllowedNetworks__0): '10.0.0.0/33' is not a CIDR network", "10.0.0.0/8");
            AssertOneLine(lines, "Verifier:Smtp:HeloName (Verifier__Smtp__HeloName): is required in Production", "host name");
            AssertOneLine(lines, "Verifier:Smtp:MailFrom (Verifier__Smtp__MailFrom): is required in Production", "verify@example.com");
            AssertOneLine(lines, "Verifier:Jobs:DataDirectory (Verifier__Jobs__DataDirectory): " + Path.Combine(notAFolder, "jobs") + " cannot be created or written", "/var/lib/verifier/jobs");
            AssertOneLine(lines, $"urls (ASPNETCORE_URLS): cannot listen on http://127.0.0.1:{busyPort}: the port is already in use", "choose another port");
            Assert.Equal(7, lines.Count);
            Assert.Contains("Verifier cannot start: 7 problems with its configuration.", api.Errors, StringComparison.Ordinal);
            AssertNoStackTrace(api.Output);
        }
        finally
        {
            File.Delete(notAFolder);
        }
    }

    [Fact]
    public async Task A_bad_Redis_option_names_ConnectionStrings_Redis_and_not_the_password()
    {
        await using var api = ApiProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Redis"] = "127.0.0.1:1,password=hunter2-secret,conectTimeout=500",
        });

        var exitCode = await api.WaitForExitAsync(ExitTimeout);

        Assert.Equal(78, exitCode);
        var lines = ProblemLines(api.Errors);
        AssertOneLine(lines, "ConnectionStrings:Redis (ConnectionStrings__Redis): Keyword 'conectTimeout' is not supported", "host:port");
        Assert.Single(lines);
        Assert.DoesNotContain("hunter2-secret", api.Output, StringComparison.Ordinal);
        AssertNoStackTrace(api.Output);
    }

    [Fact]
    public async Task Values_out_of_range_say_the_range()
    {
        await using var api = ApiProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Verifier__Smtp__MaxSessionsPerHost"] = "0",
            ["Verifier__Cache__Unknown"] = "30.00:00:00",
        });

        Assert.Equal(78, await api.WaitForExitAsync(ExitTimeout));
        var lines = ProblemLines(api.Errors);
        AssertOneLine(lines, "Verifier:Smtp:MaxSessionsPerHost (Verifier__Smtp__MaxSessionsPerHost): 0 is outside the allowed range", "from 1 to 100");
        AssertOneLine(lines, "Verifier:Cache:Unknown (Verifier__Cache__Unknown): 30.00:00:00 is outside the allowed range", "from 00:00:00 to 1.00:00:00");
        Assert.Equal(2, lines.Count);
        AssertNoStackTrace(api.Output);
    }

    /// <summary>
    /// An address the start-up check cannot see (set in code, or Kestrel's default) is found taken when Kestrel binds
    /// it: the start fails with the same kind of line, not with Kestrel's exception and its stack trace.
    /// </summary>
    [Fact]
    public async Task A_port_found_taken_when_the_server_binds_is_one_line_too()
    {
        using var busy = Listening(out var busyPort);
        var builder = WebApplication.CreateBuilder();
        builder.AddVerifierStartupChecks();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, busyPort));
        await using var app = builder.Build();

        var refused = await Assert.ThrowsAsync<StartupRefusedException>(() => app.StartAsync());

        var line = Assert.Single(refused.Problems);
        Assert.StartsWith($"urls (ASPNETCORE_URLS): Failed to bind to address http://127.0.0.1:{busyPort}: address already in use; ", line, StringComparison.Ordinal);
        Assert.Equal(line, refused.ToString());
    }

    /// <summary>A port on 127.0.0.1 that something already listens on, for as long as the listener lives.</summary>
    private static TcpListener Listening(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    /// <summary>The problem lines of the report: indented, after its heading.</summary>
    private static List<string> ProblemLines(string errors) =>
        [.. errors.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.StartsWith("  ", StringComparison.Ordinal)).Select(line => line[2..])];

    /// <summary>Exactly one line names the setting (beginning as given), and it says what to do.</summary>
    private static void AssertOneLine(List<string> lines, string beginning, string fix)
    {
        var matching = lines.Where(line => line.StartsWith(beginning, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"expected one line starting '{beginning}', got {matching.Count}:\n{string.Join('\n', lines)}");
        var advice = matching[0][(matching[0].IndexOf("; ", StringComparison.Ordinal) + 2)..];
        Assert.Contains(fix, advice, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", text, StringComparison.Ordinal);
    }
}
