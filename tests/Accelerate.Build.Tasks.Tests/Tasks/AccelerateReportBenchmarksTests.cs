using Accelerate.Build.Tasks.Tasks;
using Accelerate.Manifest.Reports;
using Accelerate.ModelFiles.Tests.Inspection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tests.Tasks;

/// <summary>The benchmark summary (see Accelerate.Benchmarks' SummaryJson) turned into build diagnostics.</summary>
public sealed class AccelerateReportBenchmarksTests : IDisposable
{
    /// <summary>A manifest whose "benchmark" property starts on line 5, column 3 (1-based).</summary>
    private const string ManifestText = """
        {
          "name": "MiniLm",
          "task": "tensor",
          "source": { "path": "model.onnx" },
          "benchmark": { "batchSizes": [1, 8] }
        }
        """;

    private readonly TempFolder _folder = new();
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => _folder.Dispose();

    private string SummaryPath => Path.Combine(_folder.Path, "benchmarks", "summary.json");

    private string WriteManifest()
    {
        var path = Path.Combine(_folder.Path, "models", "MiniLm.model.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ManifestText);
        return path;
    }

    private static BenchmarkSummaryCase Case(string verdict, double median, double? baseline, double? ratio, double? p, string? note = null) => new()
    {
        Model = "MiniLm", Method = "raw", Backend = "cpu", Precision = "fp32", Batch = 1, Shape = "seq=16", Threads = 2,
        MedianMs = median, P99Ms = median * 1.2, Verdict = verdict, VerdictText = note is null ? verdict : $"{verdict} ({note})",
        History = new BenchmarkSummaryVerdict { Verdict = verdict, Ratio = ratio, PValue = p, BaselineMedianMs = baseline, CurrentMedianMs = median, Note = note },
    };

    private void WriteSummary(params BenchmarkSummaryCase[] cases) => Write(new BenchmarkSummaryReport
    {
        RunId = "00000000-0000-0000-0000-000000000002",
        Profile = "quick",
        Gate = "history",
        Baseline = new BenchmarkSummaryRun { RunId = "00000000-0000-0000-0000-000000000001" },
        Threshold = 0.15,
        PersistenceRuns = 3,
        Reports = new BenchmarkSummaryReports { Markdown = "/r/report.md", Html = "/r/report.html" },
        ResultsPath = "/r/results.duckdb",
        Cases = [.. cases],
    });

    private void Write(BenchmarkSummaryReport summary)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SummaryPath)!);
        File.WriteAllText(SummaryPath, summary.ToJson());
    }

    private bool Execute(bool failOnRegression, int exitCode = 0, params string[] output) => new AccelerateReportBenchmarks
    {
        BuildEngine = _engine,
        SummaryPath = SummaryPath,
        FailOnRegression = failOnRegression,
        ExitCode = exitCode,
        Output = output.Select(line => (ITaskItem)new TaskItem(line)).ToArray(),
        Manifests = [new TaskItem(WriteManifest())],
    }.Execute();

    [Fact]
    public void A_slower_case_with_the_property_is_an_ACC5001_error_on_the_manifests_benchmark_property()
    {
        WriteSummary(Case("Slower", 2.9, 2.4, 1.208, 0.0001), Case("Same", 9.1, 9.0, 1.011, 0.4));

        Assert.False(Execute(failOnRegression: true));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("ACC5001", 5, 3), (error.Code, error.LineNumber, error.ColumnNumber));
        Assert.EndsWith("MiniLm.model.json", error.File, StringComparison.Ordinal);
        Assert.Equal("MiniLm raw [cpu] batch=1 seq=16 threads=2 is slower than its history (held over the last 3 runs, Mann-Whitney p = 0.0001): median 2.9 ms vs 2.4 ms (1.208x; threshold 0.15)", error.Message);
        Assert.Contains(_engine.Messages, m => m.Message is { } text && text.StartsWith("Accelerate benchmarks compared with the history of this testbed (newest earlier run 00000000-0000-0000-0000-000000000001); a change must hold over 3 runs.", StringComparison.Ordinal));
        Assert.Contains(_engine.Messages, m => m.Message == "Accelerate benchmarks: reports at /r/report.md and /r/report.html; results in /r/results.duckdb.");
    }

    [Fact]
    public void With_the_same_run_comparison_its_verdict_gates_and_the_stored_runs_verdict_is_shown_beside_it()
    {
        var slower = Case("Same", 2.9, 2.8, 1.03, 0.3, "not enough history: 2 of 4 runs");
        slower.Verdict = "Slower";
        slower.VerdictText = "Slower (40 interleaved block pairs, 38 slower) [same-run A/B]";
        slower.SameRun = new BenchmarkSummaryVerdict { Verdict = "Slower", Ratio = 1.27, PValue = 1e-9, BaselineMedianMs = 2.3, CurrentMedianMs = 2.92, Note = "40 interleaved block pairs, 38 slower" };
        var same = Case("Slower", 9.1, 7.0, 1.3, 0.001); // history says Slower; the same-run comparison does not: not gating
        same.Verdict = "Same";
        same.VerdictText = "Same [same-run A/B]";
        same.SameRun = new BenchmarkSummaryVerdict { Verdict = "Same", Ratio = 1.01, PValue = 0.6, BaselineMedianMs = 9.0, CurrentMedianMs = 9.1 };
        Write(new BenchmarkSummaryReport
        {
            Profile = "quick",
            Gate = "same-run",
            SameRun = new BenchmarkSummarySameRun { Label = "main (1a2b3c4d)", Build = "/wt/bin/App.dll", Threshold = 0.05, ElapsedSeconds = 12.5 },
            Threshold = 0.15,
            PersistenceRuns = 3,
            Cases = [slower, same],
        });

        Assert.False(Execute(failOnRegression: true));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC5001", error.Code);
        Assert.Equal("MiniLm raw [cpu] batch=1 seq=16 threads=2 is slower than the baseline build (main (1a2b3c4d), same-run A/B, sign test p = 0): median 2.92 ms vs 2.3 ms (1.270x; threshold 0.05)", error.Message);
        Assert.Contains(_engine.Messages, m => m.Message == "Accelerate benchmarks: same-run A/B against main (1a2b3c4d) (12.5 s); its verdicts gate, the stored runs' are shown beside them.");
        Assert.Contains(_engine.Messages, m => m.Message == "  MiniLm raw [cpu] batch=1 seq=16 threads=2: median 9.1 ms, Same [same-run A/B] (1.010x); stored runs: Slower 1.300x");
    }

    [Fact]
    public void A_summary_of_another_format_version_is_ACC5003_naming_the_version()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SummaryPath)!);
        File.WriteAllText(SummaryPath, """{ "formatVersion": 1, "cases": [] }""");

        Assert.False(Execute(failOnRegression: false));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC5003", error.Code);
        Assert.Contains("has benchmark summary format version 1; this version of Accelerate reads version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slower_case_without_the_property_is_a_warning_and_the_build_passes()
    {
        WriteSummary(Case("Slower", 2.9, 2.4, 1.208, 0.0001));

        Assert.True(Execute(failOnRegression: false));

        Assert.Empty(_engine.Errors);
        var warning = Assert.Single(_engine.Warnings);
        Assert.Equal("ACC5001", warning.Code);
        Assert.EndsWith("(warning: set AccelerateFailOnRegression=true to fail the build)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_faster_and_new_cases_pass_and_are_listed()
    {
        WriteSummary(Case("Same", 9.1, 9.0, 1.011, 0.4), Case("Faster", 2.0, 2.4, 0.83, 0.001), Case("New", 3.0, null, null, null));

        Assert.True(Execute(failOnRegression: true));

        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
        Assert.Contains(_engine.Messages, m => m.Message == "  MiniLm raw [cpu] batch=1 seq=16 threads=2: median 2 ms, Faster (0.830x)");
    }

    [Fact]
    public void No_summary_is_ACC5003_with_the_tail_of_the_output()
    {
        Assert.False(Execute(failOnRegression: false, exitCode: 1, "Accelerate benchmarks: FAILED: model file missing", ""));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC5003", error.Code);
        Assert.Equal("The benchmark run failed (exit code 1): it wrote no summary; Accelerate benchmarks: FAILED: model file missing", error.Message);
    }

    [Fact]
    public void A_case_that_threw_is_an_ACC5003_error_even_when_the_others_are_the_same()
    {
        WriteSummary(Case("Same", 9.1, 9.0, 1.011, 0.4));
        var summary = BenchmarkSummaryReport.Read(File.ReadAllText(SummaryPath), SummaryPath);
        summary.Failed.Add(new BenchmarkSummaryFailure { Model = "MiniLm", Case = "MiniLm raw cpu fp32 batch=8 seq=128 threads=2", Error = "OnnxRuntimeException: out of memory" });
        Write(summary);

        Assert.False(Execute(failOnRegression: false, exitCode: 1));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC5003", error.Code);
        Assert.Equal("The benchmark run failed (exit code 1): MiniLm raw cpu fp32 batch=8 seq=128 threads=2: OnnxRuntimeException: out of memory", error.Message);
    }

    [Fact]
    public void An_unreadable_summary_is_ACC5003_not_a_crash()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SummaryPath)!);
        File.WriteAllText(SummaryPath, "{ \"cases\": [ {");

        Assert.False(Execute(failOnRegression: true, exitCode: 137));

        Assert.Equal("ACC5003", Assert.Single(_engine.Errors).Code);
    }
}
