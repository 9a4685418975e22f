// Benchmarks of the generated MiniLm class against hand-written ONNX Runtime code; see docs/performance.md.
//   (BenchmarkDotNet arguments)         the suites, e.g. --filter '*'; run in Release (run-benchmarks.sh does)
//   interleaved [pairs] [rounds]        the same comparisons measured in turns, robust to shifting background
//                                       load (default 200 latency pairs per row, 7 throughput rounds)
//   allocations                         bytes allocated per call by each latency-suite method (seconds, not minutes)
using System.Globalization;
using Accelerate.Performance.Interleaved;
using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "interleaved")
{
    var pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
    var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
    return InterleavedChecks.Run(pairs, rounds);
}

if (args.Length > 0 && args[0] == "allocations")
{
    return AllocationProbe.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
