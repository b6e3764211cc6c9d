namespace Verifier.Core.Tests;

/// <summary>
/// Bytes a piece of code allocates on the calling thread once it is warmed up. The runtime may
/// allocate on the thread by itself now and then (tiered re-compilation, on-stack replacement),
/// so the body runs a few rounds and the least count is taken: code that allocates does so in
/// every round.
/// </summary>
internal static class AllocationMeter
{
    public static long SteadyStateBytes(Action body, int rounds = 5)
    {
        body();
        var least = long.MaxValue;
        for (var round = 0; round < rounds && least > 0; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
