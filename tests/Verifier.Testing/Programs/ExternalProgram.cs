namespace Verifier.Testing.Programs;

/// <summary>
/// Finds a program the tests start (redis-server, Chromium) the way <c>test.sh</c> does: the path in its
/// environment variable when one is set, else the first of its usual names on the PATH, else its usual places.
/// A variable that names a missing file is an error rather than a fallback, so a run never silently uses
/// another program than the one asked for.
/// </summary>
public sealed record ExternalProgram(string Variable, string[] Names, string[] Places, string HowToInstall)
{
    /// <summary><c>redis-server</c>: the cache, job and rate-limit tests start their own.</summary>
    public static ExternalProgram RedisServer { get; } = new(
        "REDIS_SERVER",
        ["redis-server"],
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server", "/opt/homebrew/bin/redis-server"],
        "install it with `apt-get install redis-server` (Debian/Ubuntu) or `brew install redis` (macOS), or run ./test.sh, which installs it");

    /// <summary>Chromium or Chrome: the web page tests drive it headless.</summary>
    public static ExternalProgram Chromium { get; } = new(
        "CHROMIUM_PATH",
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"],
        ["/usr/bin/chromium"],
        "install it with `apt-get install chromium` (Debian/Ubuntu), or run ./test.sh, which installs it");

    /// <summary>The program's path, or an error that says how to provide it.</summary>
    public string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{Variable}={configured}: no such file. Point {Variable} at the {Names[0]} executable, or unset it.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => Names.Select(name => Path.Combine(directory, name)))
            .Concat(Places);
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"{Names[0]} was not found (looked for {string.Join(", ", Names)} on the PATH and in {string.Join(", ", Places)}): " +
                $"{HowToInstall}; or set {Variable} to its path.");
    }
}
