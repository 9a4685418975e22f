using System.Text.Json;
using Accelerate.Benchmarks.Tests.Support;
using Accelerate.Results;

namespace Accelerate.Benchmarks.Tests;

/// <summary>The host end to end over a real model (ResNet18) with an ultra-short profile; runs alone, it measures time.</summary>
[Collection(nameof(HostCollection))]
public sealed class HostTests : IDisposable
{
    private const int Samples = 20;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"acc-bench-{Guid.NewGuid():N}");

    public void Dispose()
    {
        ResNetBenchmarks.ExtraDelay = TimeSpan.Zero;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void RunsStoresReportsAndComparesWithTheBaseline()
    {
        var results = Path.Combine(_directory, "results.duckdb");

        // First run: stored with per-call measurements; no baseline yet, so every case is New.
        var (first, firstLog) = Execute(results, "first.json");
        Assert.True(first.ExitCode == 0, firstLog);
        Assert.Empty(first.Failures);
        var firstId = Assert.IsType<Guid>(first.RunId);
        Assert.Null(first.Baseline);
        Assert.Equal(2, first.Comparisons.Count);
        Assert.All(first.Comparisons, c => Assert.Equal(Verdict.New, c.Verdict));
        Assert.Contains("ResNet18 [cuda]: skipped: CUDAExecutionProvider is not in this ONNX Runtime build", firstLog);

        using (var store = ResultsStore.Open(results))
        {
            var run = store.Run(firstId)!;
            Assert.Equal("test", run.Profile);
            Assert.Equal(RunKinds.Benchmark, run.Kind);
            Assert.NotNull(run.FinishedAt);
            Assert.Equal("ResNet18", Assert.Single(store.Models(firstId)).Name);
            var cases = store.Cases(firstId);
            Assert.Equal([BenchmarkMethods.Raw, BenchmarkMethods.EndToEnd], cases.Select(c => c.Method));
            foreach (var c in cases)
            {
                Assert.Equal(("ResNet18", "cpu", "fp32", 1, "224x224", 2), (c.Model, c.Backend, c.Precision, c.Batch, c.Shape, c.Threads));
                Assert.Equal(Samples, c.Measurements.Count);
                Assert.All(c.Measurements, m => Assert.True(m > 100_000, $"{m} ns is too fast for ResNet18"));
                Assert.True(c.P50Ns > 0 && c.P50Ns <= c.P90Ns && c.P90Ns <= c.P99Ns && c.P99Ns <= c.P999Ns, c.ToString());
                Assert.Equal(c.MedianNs, c.P50Ns);
                Assert.Equal(LatencyStatistics.Median(c.Measurements), c.MedianNs, 6);
                Assert.Equal(1e9 / c.MedianNs, c.ItemsPerSecond, 6);
                Assert.Null(c.TokensPerSecond);
                Assert.True(c.LoadTimeMs > 0);
                Assert.True(c.PeakRssBytes > 50_000_000, $"peak RSS {c.PeakRssBytes}");
                Assert.NotNull(c.AllocatedBytesPerOp);
            }

            Assert.True(cases[1].AllocatedBytesPerOp > cases[0].AllocatedBytesPerOp, "end to end copies the features");
        }

        // The summary JSON the MSBuild target reads.
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "first.json"))))
        {
            var root = summary.RootElement;
            Assert.Equal(firstId.ToString("D"), root.GetProperty("runId").GetString());
            Assert.Equal("test", root.GetProperty("profile").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("baseline").ValueKind);
            var cases = root.GetProperty("cases").EnumerateArray().ToList();
            Assert.Equal(2, cases.Count);
            Assert.Equal("raw", cases[0].GetProperty("method").GetString());
            Assert.Equal("224x224", cases[0].GetProperty("shape").GetString());
            Assert.Equal(2, cases[0].GetProperty("threads").GetInt32());
            Assert.True(cases[0].GetProperty("medianMs").GetDouble() > 0.1);
            Assert.True(cases[0].GetProperty("p99Ms").GetDouble() >= cases[0].GetProperty("medianMs").GetDouble());
            Assert.Equal("New", cases[0].GetProperty("verdict").GetString());
            Assert.Equal("New", cases[0].GetProperty("verdictText").GetString());
            Assert.Equal(JsonValueKind.Null, cases[0].GetProperty("history").GetProperty("ratio").ValueKind);
            Assert.Equal(JsonValueKind.Null, cases[0].GetProperty("sameRun").ValueKind);
            Assert.Equal("history", root.GetProperty("gate").GetString());
            var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
            Assert.Equal("cuda", skipped.GetProperty("backend").GetString());
            Assert.Empty(root.GetProperty("failed").EnumerateArray());
        }

        // Reports and BenchmarkDotNet's own exports.
        Assert.True(File.Exists(first.MarkdownReport));
        Assert.True(File.Exists(first.HtmlReport));
        Assert.Equal(ReportWriter.DefaultDirectory(results, firstId), Path.GetDirectoryName(first.MarkdownReport));
        var exports = Directory.GetFiles(Path.Combine(_directory, "artifacts", "results"));
        Assert.Contains(exports, f => f.EndsWith("ResNetBenchmarks-report-github.md", StringComparison.Ordinal));
        Assert.Contains(exports, f => f.EndsWith("ResNetBenchmarks-report-full.json", StringComparison.Ordinal));
        Assert.Contains(exports, f => f.EndsWith("ResNetBenchmarks-report.csv", StringComparison.Ordinal));

        // Second run of the same code: compared with the testbed's history, which has one run, not the four the
        // persistence rule needs: Same, with a note that says so. (The threshold is wide, 300%, because medians of 20
        // calls on a shared 2-core machine move by ±60% with the neighbours' load; this checks the wiring, the gate's
        // own tests check its statistics.)
        var (second, secondLog) = Execute(results, "second.json");
        Assert.True(second.ExitCode == 0, secondLog);
        Assert.Equal(firstId, second.Baseline?.Id);
        Assert.Equal(2, second.Comparisons.Count);
        Assert.All(second.Comparisons, c => Assert.True(c.Verdict == Verdict.Same, $"{c.Key}: {c.Verdict} ×{c.RatioOfMedians} p={c.PValue}\n{secondLog}"));
        Assert.All(second.Comparisons, c => Assert.StartsWith("not enough history: 2 of 4 runs", c.Note, StringComparison.Ordinal));
        Assert.All(second.Comparisons, c => Assert.True(c.PValue is >= 0 and <= 1 && c.RatioOfMedians > 0));
        Assert.Contains("Compared with the history of this testbed", secondLog);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "second.json"))))
        {
            Assert.Equal(firstId.ToString("D"), summary.RootElement.GetProperty("baseline").GetProperty("runId").GetString());
            Assert.All(summary.RootElement.GetProperty("cases").EnumerateArray(), c => Assert.Equal("Same", c.GetProperty("verdict").GetString()));
            Assert.All(summary.RootElement.GetProperty("cases").EnumerateArray(), c => Assert.StartsWith("Same (not enough history: 2 of 4 runs", c.GetProperty("verdictText").GetString(), StringComparison.Ordinal));
        }

        // A real slowdown (150 ms more per call, ResNet18 takes 20-60 ms here) with --persistence-runs 1, so that one
        // slow run is enough: Slower, and exit code 3 with --fail-on-regression.
        ResNetBenchmarks.ExtraDelay = TimeSpan.FromMilliseconds(150);
        var (third, thirdLog) = Execute(results, "third.json", "--fail-on-regression", "--threshold", "0.5", "--persistence-runs", "1");
        Assert.True(third.ExitCode == BenchmarkHost.RegressionExitCode, thirdLog);
        Assert.Equal(second.RunId, third.Baseline?.Id);
        Assert.All(third.Comparisons, c => Assert.Equal(Verdict.Slower, c.Verdict));
        Assert.Contains("SLOWER: ResNet18 raw cpu fp32 batch=1 224x224 threads=2", thirdLog);
        Assert.Contains("(p = ", thirdLog);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "third.json"))))
        {
            Assert.True(summary.RootElement.GetProperty("regression").GetBoolean());
            Assert.Equal(3, summary.RootElement.GetProperty("exitCode").GetInt32());
            Assert.All(summary.RootElement.GetProperty("cases").EnumerateArray(), c => Assert.True(c.GetProperty("history").GetProperty("ratio").GetDouble() > 1.5));
            Assert.Equal(1, summary.RootElement.GetProperty("persistenceRuns").GetInt32());
        }

        using (var store = ResultsStore.Open(results))
        {
            Assert.Equal(3, store.Runs().Count);
        }
    }

    private (HostOutcome Outcome, string Log) Execute(string results, string summary, params string[] extra)
    {
        var samples = extra.Length == 0 ? Samples : 10;
        var args = new List<string>
        {
            "--results", results,
            "--summary", Path.Combine(_directory, summary),
            "--artifacts", Path.Combine(_directory, "artifacts"),
            "--threshold", "3",
            "--filter", "*ResNetBenchmarks*",
        };
        args.AddRange(extra);
        var options = HostOptions.Parse(args) with { Profile = BenchmarkProfile.ForTests(samples) };
        using var log = new StringWriter();
        var outcome = BenchmarkHost.Execute(options, typeof(ResNetBenchmarks).Assembly, log, log);
        TestContext.Current.SendDiagnosticMessage(log.ToString());
        return (outcome, log.ToString());
    }
}

[CollectionDefinition(nameof(HostCollection), DisableParallelization = true)]
public sealed class HostCollection;

[Collection(nameof(HostCollection))]
public sealed class FailingHostTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"acc-bench-fail-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void AFailingSetupIsReportedAndNothingIsStored()
    {
        var summaryPath = Path.Combine(_directory, "summary.json");
        var options = HostOptions.Parse(
        [
            "--results", Path.Combine(_directory, "results.duckdb"), "--summary", summaryPath,
            "--artifacts", Path.Combine(_directory, "artifacts"), "--filter", "*FailingBenchmarks*",
        ]) with { Profile = BenchmarkProfile.ForTests(5) };
        using var log = new StringWriter();

        var outcome = BenchmarkHost.Execute(options, typeof(FailingBenchmarks).Assembly, log, log);

        Assert.True(outcome.ExitCode == BenchmarkHost.FailedExitCode, log.ToString());
        Assert.Null(outcome.RunId);
        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("Broken", failure.Model);
        Assert.Contains("Broken raw cpu fp32", failure.Case);
        Assert.Contains("missing.onnx", failure.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("runId").ValueKind);
        Assert.Single(summary.RootElement.GetProperty("failed").EnumerateArray());
        using var store = ResultsStore.Open(Path.Combine(_directory, "results.duckdb"));
        Assert.Empty(store.Runs());
    }
}
