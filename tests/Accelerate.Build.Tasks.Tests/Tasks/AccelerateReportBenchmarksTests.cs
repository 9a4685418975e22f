using System.Text.Json.Nodes;
using Accelerate.Build.Tasks.Tasks;
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

    private static JsonObject Case(string verdict, double median, double? baseline, double? ratio, double? p) => new()
    {
        ["model"] = "MiniLm", ["method"] = "raw", ["backend"] = "cpu", ["precision"] = "fp32", ["batch"] = 1, ["shape"] = "seq=16",
        ["threads"] = 2, ["medianMs"] = median, ["p99Ms"] = median * 1.2, ["baselineMedianMs"] = baseline,
        ["verdict"] = verdict, ["ratio"] = ratio, ["pValue"] = p,
    };

    private void WriteSummary(params JsonObject[] cases)
    {
        var root = new JsonObject
        {
            ["formatVersion"] = 1, ["runId"] = "00000000-0000-0000-0000-000000000002", ["profile"] = "quick",
            ["baseline"] = new JsonObject { ["runId"] = "00000000-0000-0000-0000-000000000001" },
            ["threshold"] = 0.15, ["cases"] = new JsonArray(cases.Select(c => (JsonNode)c).ToArray()),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(SummaryPath)!);
        File.WriteAllText(SummaryPath, root.ToJsonString());
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
        Assert.Equal("MiniLm raw [cpu] batch=1 seq=16 threads=2 is slower than the baseline: median 2.9 ms vs 2.4 ms (1.208x, Mann-Whitney p = 0.0001; threshold 0.15)", error.Message);
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
        var text = File.ReadAllText(SummaryPath).TrimEnd('}') + ",\"failed\":[{\"model\":\"MiniLm\",\"case\":\"MiniLm raw cpu fp32 batch=8 seq=128 threads=2\",\"error\":\"OnnxRuntimeException: out of memory\"}]}";
        File.WriteAllText(SummaryPath, text);

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
