using StackExchange.Redis;
using Verifier.Api.Startup;

namespace Verifier.Api.Infrastructure;

/// <summary>
/// <c>ConnectionStrings:Redis</c> must parse before anything connects, so that a misspelt option is named with its
/// key rather than thrown from deep inside the first service that needs Redis. The message quotes the option only,
/// never the whole string (it may hold a password).
/// </summary>
internal sealed class RedisConnectionStringCheck(string connectionString) : IStartupCheck
{
    public IEnumerable<SettingProblem> Problems(IServiceProvider services)
    {
        string? problem = null;
        try
        {
            ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException error)
        {
            problem = error.Message.Split(" (Parameter", 2)[0].TrimEnd('.');
        }

        if (problem is not null)
        {
            yield return new SettingProblem(
                $"ConnectionStrings:{RedisSetup.ConnectionName}",
                $"{problem}; write host:port followed by StackExchange.Redis options, such as redis.internal:6379,password=…,ssl=true, or leave it empty to run without Redis");
        }
    }
}
