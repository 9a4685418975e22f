using System.Diagnostics;
using Accelerate.Benchmarks.Tests.Support;
using Accelerate.Results;

namespace Accelerate.Benchmarks.Tests;

/// <summary>
/// The quick profile's promise: one model × 3 shapes (MiniLM, batch 1 seq 16, batch 1 seq 128, batch 8 seq 16,
/// 2 threads, raw and end to end = 6 cases) in at most 60 s wall on a 2-core machine, latency pass included.
/// Explicit (about 35 s): <c>dotnet test --project tests/Accelerate.Benchmarks.Tests -- --explicit only</c>.
/// </summary>
[Collection(nameof(HostCollection))]
public sealed class QuickProfileBudgetTests
{
    [Fact(Explicit = true)]
    public void QuickRunOfOneModelAndThreeShapesFitsInSixtySeconds()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"acc-bench-quick-{Guid.NewGuid():N}");
        _ = TestModels.TestModels.MiniLmModelPath; // extracted once per output folder; not part of a benchmark run
        try
        {
            var options = HostOptions.Parse(
            [
                "--profile", "quick", "--results", Path.Combine(directory, "results.duckdb"), "--artifacts", Path.Combine(directory, "artifacts"),
                "--filter", "*MiniLmBenchmarks*",
            ]) with { Profile = BenchmarkProfile.Quick with { AllowNonOptimized = true } };
            using var log = new StringWriter();
            var wall = Stopwatch.StartNew();

            var outcome = BenchmarkHost.Execute(options, typeof(MiniLmBenchmarks).Assembly, log, log);

            wall.Stop();
            TestContext.Current.SendDiagnosticMessage(log.ToString());
            Assert.True(outcome.ExitCode == 0, log.ToString());
            Assert.Equal(6, outcome.Comparisons.Count);
            Assert.All(outcome.Comparisons, c => Assert.True(c.Current!.Measurements.Count >= BenchmarkProfile.Quick.MinLatencySamples));
            Assert.All(outcome.Comparisons.Where(c => c.Key.Method == BenchmarkMethods.Raw), c => Assert.NotNull(c.Current!.TokensPerSecond));
            Assert.True(wall.Elapsed < TimeSpan.FromSeconds(60), $"quick took {wall.Elapsed.TotalSeconds:0.0} s\n{log}");
            Console.WriteLine($"quick profile, MiniLM × 3 shapes × 2 methods: {wall.Elapsed.TotalSeconds:0.0} s wall");
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
