using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Testing.Redis;

namespace Verifier.Api.Tests.Jobs.Redis;

/// <summary>
/// The application on a <see cref="JobWorld"/> with the Redis job backend. Settings go in with UseSetting, so
/// that <c>ConnectionStrings:Redis</c> is seen while services are registered.
/// </summary>
public sealed class RedisJobApplication(JobWorld world, RedisServer redis, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>How long an unacknowledged chunk waits before another instance takes it, in these tests.</summary>
    public const string ReclaimAfter = "00:00:02";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = MailWorld.Settings(world.Dns.EndPoint, world.Smtp.Port);
        all["ConnectionStrings:Redis"] = redis.ConnectionString;
        all["Verifier:Jobs:ChunkSize"] = "3";
        all["Verifier:Jobs:RetryDelays:0"] = "00:00:00.200";
        all["Verifier:Jobs:MaxRetries"] = "2";
        all["Verifier:Jobs:ReclaimAfter"] = ReclaimAfter;
        all["Verifier:Cache:RedisTimeout"] = "00:00:01";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.UseEnvironment("Development");
        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }
    }
}
