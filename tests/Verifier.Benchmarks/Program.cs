using BenchmarkDotNet.Running;
using Verifier.Benchmarks.Bounces;
using Verifier.Benchmarks.Throughput;

// "throughput [addresses] [domains] [delayMs] [window]" runs the list-verification measurement;
// "bounce-accuracy [corpus] [--misses]" scores the bounce corpus per MTA family;
// anything else goes to BenchmarkDotNet (e.g. --filter '*Syntax*').
if (args.Length > 0 && args[0] == "bounce-accuracy")
{
    return BounceAccuracy.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "throughput")
{
    return await BatchThroughput.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
