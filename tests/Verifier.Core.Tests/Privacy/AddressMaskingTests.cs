using Verifier.Core.Privacy;

namespace Verifier.Core.Tests.Privacy;

public sealed class AddressMaskingTests
{
    [Theory]
    [InlineData("alice@example.com", "a***@example.com")]
    [InlineData("a@example.com", "a***@example.com")]
    [InlineData("Alice.Smith+tag@Example.COM", "A***@Example.COM")]
    [InlineData("\"john doe\"@example.com", "\"j***@example.com")]
    [InlineData("\"a@b\"@example.com", "\"a***@example.com")]
    [InlineData("😀smile@example.com", "😀***@example.com")]
    [InlineData("用户@例子.广告", "用***@例子.广告")]
    [InlineData("@example.com", "***@example.com")]
    [InlineData("\u0000bad@example.com", "***@example.com")]
    [InlineData("user@[127.0.0.1]", "u***@[127.0.0.1]")]
    [InlineData("no-at-sign", "***")]
    [InlineData("", "***")]
    [InlineData(null, "***")]
    public void Only_the_first_character_and_the_domain_remain(string? address, string expected)
    {
        Assert.Equal(expected, AddressMasking.Mask(address));
    }
}
