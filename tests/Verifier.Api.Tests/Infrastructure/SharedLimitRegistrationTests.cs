using Microsoft.Extensions.DependencyInjection;
using Verifier.Api.Security;
using Verifier.Api.Security.Redis;
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
}
