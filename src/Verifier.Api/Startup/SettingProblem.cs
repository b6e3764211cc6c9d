namespace Verifier.Api.Startup;

/// <summary>
/// One reason the process cannot start, written as one line: the setting (with the environment variable that sets
/// it), what is wrong with its value, and what to do. <paramref name="Message"/> says both, as "problem; fix".
/// </summary>
/// <param name="Key">The configuration key, e.g. <c>Verifier:Auth:ApiKeys:0</c>.</param>
/// <param name="Message">What is wrong and how to fix it, e.g. "too short: a key needs at least 16 characters; …".</param>
/// <param name="Variable">The environment variable, when it is not the key with <c>__</c> for <c>:</c>.</param>
internal sealed record SettingProblem(string Key, string Message, string? Variable = null)
{
    public override string ToString() => $"{Key} ({Variable ?? EnvironmentVariable(Key)}): {Message}";

    /// <summary>The environment variable that sets <paramref name="key"/>: <c>Verifier:Smtp:Port</c> → <c>Verifier__Smtp__Port</c>.</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
