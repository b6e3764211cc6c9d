using BenchmarkDotNet.Running;
using Verifier.Benchmarks.Throughput;

// "throughput [addresses] [domains] [delayMs] [window]" runs the list-verification measurement;
// anything else goes to BenchmarkDotNet (e.g. --filter '*Syntax*').
if (args.Length > 0 && args[0] == "throughput")
{
    return await BatchThroughput.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Verifier.Benchmarks.CacheHitBenchmarks).Assembly).Run(args);
return 0;
