namespace Verifier.Api.Tests.Infrastructure;

/// <summary>The repository the tests were built from (the folder holding Verifier.sln above the test output).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Verifier.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Verifier.sln not found above " + AppContext.BaseDirectory);
    }
}
