// Runs the generated benchmark suites: dotnet build -c Release -t:AccelerateBenchmark (see docs/guides/benchmarking.md).
return Accelerate.Benchmarks.BenchmarkHost.Run(args, typeof(Program).Assembly);
