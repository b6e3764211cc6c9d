namespace Verifier.Core.Tests;

public sealed class AllocationMeterTests
{
    [Fact]
    public void Counts_what_the_body_allocates_in_every_round()
    {
        var sink = new List<object>();
        var allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            sink.Clear();
            sink.Add(new byte[1000]);
        });

        Assert.InRange(allocated, 1000, 2000);
    }

    [Fact]
    public void Sees_nothing_for_a_body_that_does_not_allocate()
    {
        var numbers = new int[100];
        Assert.Equal(0, AllocationMeter.SteadyStateBytes(() => Array.Fill(numbers, 7)));
    }
}
