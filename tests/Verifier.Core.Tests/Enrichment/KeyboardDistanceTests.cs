using Verifier.Core.Enrichment;

namespace Verifier.Core.Tests.Enrichment;

public sealed class KeyboardDistanceTests
{
    private const int Unlimited = 1000;

    [Theory]
    [InlineData("gmail", "gmail", 0)]
    [InlineData("gmial", "gmail", 2)]   // transposition
    [InlineData("gmai", "gmail", 2)]    // deletion
    [InlineData("gmaill", "gmail", 2)]  // insertion
    [InlineData("gnail", "gmail", 2)]   // n and m are neighbours
    [InlineData("geail", "gmail", 3)]   // e and m are not
    [InlineData("hotmial", "hotmail", 2)]
    [InlineData("ca", "abc", 6)]        // optimal string alignment: no edit of a transposed pair
    [InlineData("", "com", 6)]
    [InlineData("com", "", 6)]
    public void Weights_edits_by_keyboard_distance(string source, string target, int expected)
    {
        Assert.Equal(expected, KeyboardDistance.Between(source, target, Unlimited));
    }

    [Fact]
    public void Stops_once_the_limit_is_exceeded()
    {
        Assert.Equal(5, KeyboardDistance.Between("abcdefgh", "zyxwvuts", 4));
        Assert.Equal(3, KeyboardDistance.Between("a", "abcdef", 2));
    }

    [Fact]
    public void Long_strings_are_measured_on_the_heap()
    {
        var a = new string('a', 100);
        Assert.Equal(2, KeyboardDistance.Between(a, a + "b", Unlimited));
    }

    [Theory]
    [InlineData('g', 'h', true)]
    [InlineData('g', 't', true)]
    [InlineData('g', 'y', true)]
    [InlineData('g', 'v', true)]
    [InlineData('g', 'b', true)]
    [InlineData('g', 'n', false)]
    [InlineData('o', '0', true)]
    [InlineData('m', 'n', true)]
    [InlineData('a', 'e', false)]
    [InlineData('q', 'p', false)]
    [InlineData('.', 'm', false)]
    [InlineData('é', 'e', false)]
    public void Knows_neighbouring_keys(char a, char b, bool expected)
    {
        Assert.Equal(expected, KeyboardDistance.AreNeighbours(a, b));
        Assert.Equal(expected, KeyboardDistance.AreNeighbours(b, a));
    }
}
