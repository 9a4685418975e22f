using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Accelerate.Build.Tasks.Tasks;
using Accelerate.ModelFiles.Tests.Inspection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tests.Tasks;

/// <summary>
/// AccelerateReportTestMatrix over hand-written test-matrix.json files (the format Accelerate.Testing's MatrixReport.ToJson
/// writes): failed checks become ACC4001 errors on the manifest's "tests" property, a missing report is ACC4002.
/// </summary>
public sealed class AccelerateReportTestMatrixTests : IDisposable
{
    private const string Docs = "https://docs.example.org/accelerate/diagnostics.html";
    private const string HelpLinkBase = Docs + "#";

    /// <summary>A manifest whose "tests" property starts on line 7, column 3 (1-based).</summary>
    private const string ManifestText = """
        {
          // all-MiniLM-L6-v2
          "name": "MiniLm",
          "task": "tensor",
          "source": { "path": "model.onnx" },
          "backends": ["cuda", "cpu"],
          "tests": {
            "tolerance": { "fp32": 1e-4 }
          }
        }
        """;

    private readonly TempFolder _folder = new();
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => _folder.Dispose();

    private string ReportPath => Path.Combine(_folder.Path, "accelerate", "test-matrix.json");

    private string WriteManifest(string text = ManifestText, string name = "MiniLm.model.json")
    {
        var path = Path.Combine(_folder.Path, "models", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonObject Check(string check, string outcome, string? message = null) => new()
    {
        ["check"] = check,
        ["outcome"] = outcome,
        ["message"] = message,
        ["durationMs"] = 12.5,
        ["diffs"] = new JsonArray(),
    };

    private static JsonObject Model(string model, string manifestPath, params (string Backend, JsonObject[] Checks)[] rows) => new()
    {
        ["model"] = model,
        ["precision"] = "fp32",
        ["manifestPath"] = manifestPath,
        ["backends"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["backend"] = r.Backend,
            ["loadTimeMs"] = r.Backend == "cpu" ? 85.2 : null,
            ["checks"] = new JsonArray(r.Checks.Select(c => (JsonNode)c).ToArray()),
        }).ToArray()),
    };

    /// <summary>Writes test-matrix.json as MatrixReport.ToJson lays it out.</summary>
    private void WriteReport(params JsonObject[] models)
    {
        var checks = models.SelectMany(m => m["backends"]!.AsArray()).SelectMany(b => b!["checks"]!.AsArray()).Select(c => (string)c!["outcome"]!).ToList();
        var root = new JsonObject
        {
            ["formatVersion"] = 1,
            ["generatedAt"] = "2026-11-29T13:24:04.0000000+00:00",
            ["tool"] = "Accelerate.Build 0.1.0",
            ["onnxRuntime"] = "1.31.1",
            ["summary"] = new JsonObject
            {
                ["passed"] = checks.Count(c => c == "passed"),
                ["failed"] = checks.Count(c => c == "failed"),
                ["skipped"] = checks.Count(c => c == "skipped"),
            },
            ["models"] = new JsonArray(models.Select(m => (JsonNode)m).ToArray()),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        File.WriteAllText(ReportPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private bool Execute(int exitCode = 0, params string[] output)
    {
        var task = new AccelerateReportTestMatrix
        {
            BuildEngine = _engine,
            DiagnosticsDocs = Docs,
            ReportPath = ReportPath,
            ExitCode = exitCode,
            Output = output.Select(line => (ITaskItem)new TaskItem(line)).ToArray(),
        };
        return task.Execute();
    }

    [Fact]
    public void A_failed_check_is_one_ACC4001_error_on_the_manifests_tests_property_with_a_one_line_message()
    {
        var manifest = WriteManifest();
        WriteReport(Model("MiniLm", manifest,
            ("cpu", [Check("Loads", "passed"), Check("MatchesGoldens", "failed",
                "MiniLm[cpu].MatchesGoldens: output 'embedding' of sample 2 differs from the golden\n" +
                "  largest difference at element 17: expected 0.125, actual 0.25 (abs diff 0.125 > tolerance 0.0001)\r\n" +
                "\n" +
                "  goldens: /repo/models/MiniLm.goldens.json")]),
            ("cuda", [Check("Loads", "skipped", "CUDAExecutionProvider not in this ONNX Runtime build")])));

        var succeeded = Execute();

        Assert.False(succeeded);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC4001", error.Code);
        Assert.Equal(manifest, error.File);
        Assert.Equal((7, 3), (error.LineNumber, error.ColumnNumber));
        Assert.Equal(HelpLinkBase + "acc4001", error.HelpLink);
        Assert.Equal(
            "MiniLm[cpu].MatchesGoldens: output 'embedding' of sample 2 differs from the golden " +
            "largest difference at element 17: expected 0.125, actual 0.25 (abs diff 0.125 > tolerance 0.0001) " +
            "goldens: /repo/models/MiniLm.goldens.json",
            error.Message);
        Assert.DoesNotContain('\n', error.Message!);
        Assert.Empty(_engine.Warnings);
        Assert.Contains(_engine.Messages, m => m.Importance == MessageImportance.High &&
            m.Message == $"Accelerate hardware matrix: 1 passed, 1 failed, 1 skipped (report: {Path.ChangeExtension(ReportPath, ".md")})");
    }

    [Fact]
    public void Every_failed_check_is_an_error_of_its_own_on_its_own_models_manifest()
    {
        var miniLm = WriteManifest();
        var resNet = WriteManifest("""
            {
              "name": "ResNet18",
              "task": "tensor",
              "source": { "path": "resnet18.onnx" },
                "tests": { "cases": 3 }
            }
            """, "resnet18.model.json");
        WriteReport(
            Model("MiniLm", miniLm, ("cpu", [Check("MatchesGoldens", "failed", "goldens differ"), Check("IsDeterministic", "failed", "runs differ")])),
            Model("ResNet18", resNet, ("cpu", [Check("MatchesSignature", "failed", "input 'Input247' is float [1, 3, 224, 224], the session says [1, 3, 256, 256]")])));

        Assert.False(Execute(exitCode: 1));

        Assert.Equal(
        [
            ("ACC4001", miniLm, 7, 3, "goldens differ"),
            ("ACC4001", miniLm, 7, 3, "runs differ"),
            ("ACC4001", resNet, 5, 5, "input 'Input247' is float [1, 3, 224, 224], the session says [1, 3, 256, 256]"),
        ], _engine.Errors.Select(e => (e.Code, e.File, e.LineNumber, e.ColumnNumber, e.Message)));
        // The failures explain the exit code: no extra warning.
        Assert.Empty(_engine.Warnings);
    }

    [Fact]
    public void A_manifest_without_a_tests_property_gets_the_error_at_its_start()
    {
        var manifest = WriteManifest("""
            {
              "name": "MiniLm",
              "task": "tensor",
              "source": { "path": "model.onnx" }
            }
            """);
        WriteReport(Model("MiniLm", manifest, ("cpu", [Check("IsDeterministic", "failed", "runs differ")])));

        Assert.False(Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal((manifest, 1, 1), (error.File, error.LineNumber, error.ColumnNumber));
    }

    [Fact]
    public void A_manifest_that_no_longer_parses_gets_the_error_at_its_start()
    {
        var manifest = WriteManifest("{ \"name\": \"MiniLm\", \"tests\": ");
        WriteReport(Model("MiniLm", manifest, ("cpu", [Check("IsDeterministic", "failed", "runs differ")])));

        Assert.False(Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("ACC4001", manifest, 1, 1, "runs differ"), (error.Code, error.File, error.LineNumber, error.ColumnNumber, error.Message));
    }

    [Fact]
    public void A_missing_manifest_gets_the_error_at_line_0()
    {
        var manifest = Path.Combine(_folder.Path, "models", "gone.model.json");
        WriteReport(Model("Gone", manifest, ("cpu", [Check("Loads", "failed", "The model file does not exist")])));

        Assert.False(Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("ACC4001", manifest, 0, 0, "The model file does not exist"), (error.Code, error.File, error.LineNumber, error.ColumnNumber, error.Message));
    }

    [Fact]
    public void A_skipped_check_is_no_error_and_is_logged_with_its_reason()
    {
        var manifest = WriteManifest();
        WriteReport(Model("MiniLm", manifest,
            ("cpu", [Check("Loads", "passed"), Check("MatchesGoldens", "passed")]),
            ("cuda", [Check("Loads", "skipped", "CUDAExecutionProvider not in this ONNX Runtime build"), Check("AgreesWithCpu", "skipped", "CUDAExecutionProvider not in this ONNX Runtime build")])));

        Assert.True(Execute());

        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
        Assert.Contains(_engine.Messages, m => m.Message == "MiniLm[cuda].Loads skipped: CUDAExecutionProvider not in this ONNX Runtime build");
        Assert.Contains(_engine.Messages, m => m.Message == "MiniLm[cuda].AgreesWithCpu skipped: CUDAExecutionProvider not in this ONNX Runtime build");
        Assert.Contains(_engine.Messages, m => m.Message!.StartsWith("Accelerate hardware matrix: 2 passed, 0 failed, 2 skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_check_without_a_message_still_fails_the_build()
    {
        var manifest = WriteManifest();
        var check = Check("IsDeterministic", "failed");
        check.Remove("message");
        WriteReport(Model("MiniLm", manifest, ("cpu", [check])));

        Assert.False(Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("ACC4001", ""), (error.Code, error.Message));
    }

    [Fact]
    public void No_report_is_ACC4002_with_the_exit_code_and_the_tail_of_the_output()
    {
        // Indented lines (stack traces) lose their indentation when folded.
        var output = Enumerable.Range(1, 20).Select(i => i % 2 == 0 ? $"output line {i}" : $"   output line {i}  ").ToArray();

        var succeeded = Execute(exitCode: 3, output);

        Assert.False(succeeded);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC4002", error.Code);
        Assert.Equal(HelpLinkBase + "acc4002", error.HelpLink);
        Assert.Equal((0, 0), (error.LineNumber, error.ColumnNumber));
        // No manifest to blame: MSBuild puts a file-less error on the project that ran the task.
        Assert.Equal(_engine.ProjectFileOfTaskNode, error.File);
        // The last 15 lines, folded onto one line.
        Assert.Equal("The hardware-matrix tests did not produce a report (exit code 3): " +
            string.Join(" ", Enumerable.Range(6, 15).Select(i => $"output line {i}")), error.Message);
    }

    [Theory]
    [InlineData("{ \"models\": [ { \"model\": \"MiniLm\"")]
    [InlineData("{ \"formatVersion\": 1 }")]
    public void An_unreadable_report_is_ACC4002_not_a_crash(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        File.WriteAllText(ReportPath, text);

        Assert.False(Execute(exitCode: 137));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC4002", error.Code);
        Assert.StartsWith($"The hardware-matrix tests did not produce a report (exit code 137): the report {ReportPath} could not be read (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_report_and_no_output_says_so()
    {
        Assert.False(Execute(exitCode: -532462766));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("ACC4002", "The hardware-matrix tests did not produce a report (exit code -532462766): no output"), (error.Code, error.Message));
    }

    [Fact]
    public void All_passed_with_a_failing_exit_code_is_a_warning_and_no_error()
    {
        var manifest = WriteManifest();
        WriteReport(Model("MiniLm", manifest,
            ("cpu", [Check("Loads", "passed"), Check("MatchesGoldens", "passed")]),
            ("cuda", [Check("Loads", "skipped", "libcudart.so.12 not found")])));

        var succeeded = Execute(exitCode: 1);

        Assert.True(succeeded);
        Assert.Empty(_engine.Errors);
        var warning = Assert.Single(_engine.Warnings);
        Assert.Equal("The test run exited with code 1 although every hardware-matrix check passed or was skipped.", warning.Message);
    }

    [Fact]
    public void All_passed_with_exit_code_0_logs_only_the_summary()
    {
        var manifest = WriteManifest();
        WriteReport(Model("MiniLm", manifest, ("cpu", [Check("Loads", "passed")])));

        Assert.True(Execute());

        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
        Assert.Single(_engine.Messages, m => m.Message!.StartsWith("Accelerate hardware matrix: 1 passed, 0 failed, 0 skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_matrix_passes()
    {
        WriteReport();

        Assert.True(Execute());

        Assert.Empty(_engine.Errors);
        Assert.Contains(_engine.Messages, m => m.Message!.StartsWith("Accelerate hardware matrix: 0 passed, 0 failed, 0 skipped", StringComparison.Ordinal));
    }
}
