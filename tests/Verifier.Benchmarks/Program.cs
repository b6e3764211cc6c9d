using BenchmarkDotNet.Running;
using Verifier.Benchmarks.Bounces;
using Verifier.Benchmarks.Throughput;

// "throughput [addresses] [domains] [delayMs] [window]" runs the list-verification measurement;
// "bounce-accuracy [corpus] [--misses]" scores the bounce corpus per MTA family, "bounce-classify <file>" prints one file's reading;
// anything else goes to BenchmarkDotNet (e.g. --filter '*Syntax*').
if (args.Length > 0 && args[0] == "bounce-accuracy")
{
    return BounceAccuracy.Run(args[1..]);
}

if (args.Length > 1 && args[0] == "bounce-classify")
{
    foreach (var result in Verifier.Core.Bounces.BounceClassifier.ClassifyAll(File.ReadAllText(args[1])))
    {
        Console.WriteLine(result);
    }

    return 0;
}

if (args.Length > 0 && args[0] == "throughput")
{
    return await BatchThroughput.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Verifier.Benchmarks.CacheHitBenchmarks).Assembly).Run(args);
return 0;
