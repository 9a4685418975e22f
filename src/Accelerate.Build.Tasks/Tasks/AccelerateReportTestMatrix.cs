using System.Text.Json;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Reads the matrix report a run of the generated tests wrote (test-matrix.json, see Accelerate.Testing) and turns every
/// failed check into an ACC4001 error placed on its model's manifest, on the "tests" property when there is one.
/// A run that wrote no report is ACC4002 with the tail of its output.
/// </summary>
public sealed class AccelerateReportTestMatrix : Task
{
    /// <summary>Path of test-matrix.json.</summary>
    [Required]
    public string ReportPath { get; set; } = "";

    /// <summary>Exit code of the test run.</summary>
    public int ExitCode { get; set; }

    /// <summary>The test run's console output, for ACC4002.</summary>
    public ITaskItem[] Output { get; set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!File.Exists(ReportPath))
        {
            var tail = string.Join(Environment.NewLine, Output.Select(o => o.ItemSpec).TakeLast(15));
            LogAt(DiagnosticCatalog.MatrixRunFailed, null, null, ExitCode, tail.Length == 0 ? "no output" : tail);
            return false;
        }

        try
        {
            return Report(ReportPath);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A run killed while writing, or a report from another version: say so instead of crashing the task.
            LogAt(DiagnosticCatalog.MatrixRunFailed, null, null, ExitCode, $"the report {ReportPath} could not be read ({e.Message})");
            return false;
        }
    }

    private bool Report(string reportPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(reportPath));
        int passed = 0, failed = 0, skipped = 0;
        foreach (var model in document.RootElement.GetProperty("models").EnumerateArray())
        {
            var manifestPath = model.GetProperty("manifestPath").GetString() ?? "";
            foreach (var row in model.GetProperty("backends").EnumerateArray())
            {
                foreach (var check in row.GetProperty("checks").EnumerateArray())
                {
                    var message = check.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                    switch (check.GetProperty("outcome").GetString())
                    {
                        case "passed":
                            passed++;
                            break;
                        case "skipped":
                            skipped++;
                            Log.LogMessage(MessageImportance.Normal, $"{model.GetProperty("model").GetString()}[{row.GetProperty("backend").GetString()}].{check.GetProperty("check").GetString()} skipped: {message}");
                            break;
                        default:
                            failed++;
                            LogAt(DiagnosticCatalog.MatrixCheckFailed, manifestPath, "/tests", message);
                            break;
                    }
                }
            }
        }
        Log.LogMessage(MessageImportance.High, $"Accelerate hardware matrix: {passed} passed, {failed} failed, {skipped} skipped ({reportPath.Replace(".json", ".md")})");
        if (failed == 0 && ExitCode != 0)
        {
            // Failures outside the matrix (other tests in the assembly) are not ours to report, but the build should know.
            Log.LogWarning($"The test run exited with code {ExitCode} although every hardware-matrix check passed or was skipped.");
        }
        return !Log.HasLoggedErrors;
    }

    private void LogAt(DiagnosticDefinition definition, string? manifestPath, string? propertyPath, params object?[] args)
    {
        var location = ManifestLocation.FileStart;
        // A manifest that is gone (moved or deleted since the run) has no line to point at: MSBuild shows line 0 as none.
        var manifestExists = manifestPath is not null && File.Exists(manifestPath);
        if (manifestExists && propertyPath is not null)
        {
            // The manifest may have changed since the run; a parse error just leaves the location at the start.
            location = ManifestParser.Parse(File.ReadAllText(manifestPath!), manifestPath!).Manifest?.LocationOf(propertyPath) ?? location;
        }
        var line = manifestExists ? location.StartLine + 1 : 0;
        var column = manifestExists ? location.StartColumn + 1 : 0;
        // One error per failure: MSBuild would print every line of a multi-line message as an error of its own.
        var message = string.Join(" ", definition.Format(args).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        Log.LogError(null, definition.Id, null, definition.HelpLink, manifestPath ?? "", line, column, 0, 0, message);
    }
}
