// The benchmark host over SimilarityBenchmarks (and the suites generated for the referenced MiniLm); see measure.sh.
return Accelerate.Benchmarks.BenchmarkHost.Run(args, typeof(Program).Assembly);
