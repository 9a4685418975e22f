using System.Text.RegularExpressions;
using Accelerate.EndToEnd.Tests.Infrastructure;

namespace Accelerate.EndToEnd.Tests.Sample;

/// <summary>The benchmark sample through the AccelerateBenchmark target, as issue #4's acceptance runs it.</summary>
public sealed class SentenceEmbeddingsBenchmarkTests
{
    private const string Project = "samples/SentenceEmbeddings.Benchmarks";

    [Fact]
    public void QuickProfile_StoresARunWithReports_AndARealSlowdownFailsTheBuildWithTheProperty()
    {
        using var temp = new TempDirectory("accelerate-bench");
        var results = Path.Combine(temp.Path, "results.duckdb");
        var command = $"build {Project} -c Release -t:AccelerateBenchmark -p:AccelerateBenchmarkProfile=quick -p:AccelerateResultsPath=\"{results}\"" +
                      $" -p:AccelerateBenchmarkArtifacts=\"{Path.Combine(temp.Path, "artifacts")}\""; // never into the repository

        var first = Dotnet.Run(Dotnet.RepositoryRoot, command + " -p:AccelerateSaveBaseline=before");

        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(Directory.Exists(Path.Combine(temp.Path, "artifacts")), "BenchmarkDotNet's artifacts go where AccelerateBenchmarkArtifacts says");
        Assert.Contains("no baseline yet", first.StandardOutput);
        Assert.Equal(6, Regex.Matches(first.StandardOutput, @"MiniLm (raw|end-to-end) \[cpu\] batch=\d+ seq=\d+ threads=\d+: median [0-9.]+ ms, New").Count);
        Assert.True(new FileInfo(results).Length > 0);
        var report = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "reports")));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(report, "report.html")));
        Assert.Contains("MiniLm", File.ReadAllText(Path.Combine(report, "report.md")));

        // A real slowdown: every measured call waits 40 ms more (ACCELERATE_BENCHMARK_DELAY_MS, see docs/guides/benchmarking.md),
        // compared with the named first run (the default history rule would not call one slow run a regression).
        var slow = Dotnet.Run(Dotnet.RepositoryRoot, command + " -p:AccelerateBaseline=before -p:AccelerateFailOnRegression=true",
            environment: new Dictionary<string, string> { ["ACCELERATE_BENCHMARK_DELAY_MS"] = "40" });

        Assert.NotEqual(0, slow.ExitCode);
        Assert.Matches(@"MiniLm\.model\.json\(\d+,\d+\): error ACC5001: MiniLm raw \[cpu\] batch=1 seq=16 threads=\d+ is slower than baseline run [0-9a-f-]{36} \(before\) \(Mann-Whitney p = ", slow.StandardOutput);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(temp.Path, "reports")).Length);
    }

    [Fact]
    public void InDebug_TheTargetWarnsAndRunsNothing()
    {
        using var temp = new TempDirectory("accelerate-bench");
        var results = Path.Combine(temp.Path, "results.duckdb");

        var build = Dotnet.Run(Dotnet.RepositoryRoot, $"build {Project} -t:AccelerateBenchmark -p:AccelerateResultsPath=\"{results}\"");

        Assert.True(build.ExitCode == 0, build.All);
        Assert.Contains("warning ACC5002: AccelerateBenchmark measures only Release builds; nothing was run.", build.StandardOutput);
        Assert.False(File.Exists(results));
    }
}
