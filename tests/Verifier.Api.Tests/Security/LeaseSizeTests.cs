using Verifier.Api.Security.Redis;

namespace Verifier.Api.Tests.Security;

/// <summary>A lease is what the shared bucket refills in 100 ms, at least one token.</summary>
public sealed class LeaseSizeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(600, 1)]
    [InlineData(1199, 1)]
    [InlineData(1200, 2)]
    [InlineData(60_000, 100)]
    [InlineData(1_000_000, 1666)]
    [InlineData(60_000_000, 100_000)]
    public void Lease_size_is_a_tenth_of_a_second_of_refill(int permitsPerMinute, int lease) =>
        Assert.Equal(lease, LeasedTokens.LeaseSize(permitsPerMinute));
}
