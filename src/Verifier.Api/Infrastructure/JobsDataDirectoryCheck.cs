using Microsoft.Extensions.Options;
using Verifier.Api.Startup;
using Verifier.Core.Jobs;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// Without Redis, jobs keep their files in <c>Verifier:Jobs:DataDirectory</c>: the process must be able to create
/// that folder and write in it, or every upload would fail later with a 500.
/// </summary>
internal sealed class JobsDataDirectoryCheck : IStartupCheck
{
    public IEnumerable<SettingProblem> Problems(IServiceProvider services)
    {
        var directory = services.GetRequiredService<IOptions<JobsOptions>>().Value.DataDirectory;
        string? problem = null;
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            problem = error.Message.TrimEnd('.');
        }

        if (problem is not null)
        {
            yield return new SettingProblem(
                $"{JobsOptions.SectionName}:{nameof(JobsOptions.DataDirectory)}",
                $"{directory} cannot be created or written by this process ({problem}); set it to a folder this user may write, such as /var/lib/verifier/jobs, or configure Redis (ConnectionStrings__Redis) to keep jobs there");
        }
    }
}
