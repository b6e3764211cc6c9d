using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Verifier.Api.Infrastructure;
using Verifier.Api.Security;
using Verifier.Api.Security.Redis;
using Verifier.Core.Caching;
using Verifier.Core.Caching.Redis;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Redis;
using Verifier.Core.Smtp;
using Verifier.Core.Smtp.Redis;
using Verifier.Testing.Redis;

namespace Verifier.Api.Tests.Infrastructure;

/// <summary>The per-MX politeness limit, the rate limits and the new-domain limit are shared through Redis exactly when Redis is configured.</summary>
public sealed class SharedLimitRegistrationTests
{
    [Fact]
    public async Task Without_redis_the_limit_is_in_process()
    {
        await using var app = new VerifierApplication(new Dictionary<string, string?>());

        Assert.IsType<HostSessionLimiter>(app.Services.GetRequiredService<IHostSessionLimiter>());
        Assert.IsType<NewDomainLimiter>(app.Services.GetRequiredService<INewDomainLimiter>());
        Assert.Null(app.Services.GetService<RedisTokenBuckets>());
    }

    [Fact]
    public async Task With_redis_the_limit_is_shared()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var app = new VerifierApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });

        Assert.IsType<RedisHostSessionLimiter>(app.Services.GetRequiredService<IHostSessionLimiter>());
        Assert.IsType<RedisNewDomainLimiter>(app.Services.GetRequiredService<INewDomainLimiter>());
        Assert.NotNull(app.Services.GetService<RedisTokenBuckets>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_shared_forms_replace_the_in_process_ones_whatever_the_order_of_registration(bool redisFirst)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1" });
        if (redisFirst)
        {
            builder.Services.AddVerifierRedis(builder.Configuration);
        }

        builder.Services.AddVerifierEngine();
        builder.Services.AddVerifierCache();
        builder.Services.AddVerifierSecurity();
        builder.AddVerifierJobs();
        if (!redisFirst)
        {
            builder.Services.AddVerifierRedis(builder.Configuration);
        }

        Assert.Equal(typeof(RedisHostSessionLimiter), Registered<IHostSessionLimiter>(builder.Services));
        Assert.Equal(typeof(RedisNewDomainLimiter), Registered<INewDomainLimiter>(builder.Services));
        Assert.Equal(typeof(RedisCacheStore), Registered<ISharedCacheStore>(builder.Services));
        Assert.Equal(typeof(RedisJobStore), Registered<IJobStore>(builder.Services));
        Assert.Equal(typeof(RedisJobQueue), Registered<IJobQueue>(builder.Services));
    }

    /// <summary>The one implementation registered for <typeparamref name="T"/>.</summary>
    private static Type? Registered<T>(IServiceCollection services) =>
        Assert.Single(services, d => d.ServiceType == typeof(T)).ImplementationType;
}
