namespace Verifier.Core.Jobs;

/// <summary>Job ids: 32 lower-case hex digits, time-ordered (UUID version 7). Nothing else is ever used as a key or a path.</summary>
public static class JobIds
{
    public static string New() => Guid.CreateVersion7().ToString("N");

    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
