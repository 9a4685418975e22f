using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Reports;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Reads the matrix report a run of the generated tests wrote (test-matrix.json, see Accelerate.Testing) and turns every
/// failed check into an ACC4001 error placed on its model's manifest, on the "tests" property when there is one.
/// A run that wrote no report is ACC4002 with the tail of its output.
/// </summary>
public sealed class AccelerateReportTestMatrix : RunReportTask
{
    /// <summary>Path of test-matrix.json.</summary>
    [Required]
    public string ReportPath { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!File.Exists(ReportPath))
        {
            LogOnManifest(DiagnosticCatalog.MatrixRunFailed, null, null, DiagnosticCatalog.MatrixRunFailed.Format(ExitCode, OutputTail()));
            return false;
        }

        try
        {
            return Report(ReportPath);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            // A run killed while writing, or a report from another version: say so instead of crashing the task.
            LogOnManifest(DiagnosticCatalog.MatrixRunFailed, null, null, DiagnosticCatalog.MatrixRunFailed.Format(ExitCode, $"the report {ReportPath} could not be read ({e.Message})"));
            return false;
        }
    }

    // "MiniLm[cpu].MatchesGoldens: recorded goldens at /x (recording mode ...)" → "goldens recorded at /x".
    private static string? GoldensNote(string message)
    {
        foreach (var (marker, text) in new[] { ("recorded goldens at ", "goldens recorded at "), ("goldens unchanged at ", "goldens unchanged at ") })
        {
            var start = message.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0) continue;
            var path = message.Substring(start + marker.Length);
            var end = path.IndexOf(" (recording mode", StringComparison.Ordinal);
            return text + (end >= 0 ? path.Substring(0, end) : path);
        }
        return null;
    }

    private bool Report(string reportPath)
    {
        var report = TestMatrixReport.Read(File.ReadAllText(reportPath), reportPath);
        int passed = 0, failed = 0, skipped = 0;
        foreach (var model in report.Models)
        {
            var manifestPath = model.ManifestPath ?? "";
            foreach (var row in model.Backends)
            {
                foreach (var check in row.Checks)
                {
                    var message = check.Message ?? "";
                    switch (check.Outcome)
                    {
                        case "passed":
                            passed++;
                            break;
                        case "skipped" when GoldensNote(message) is { } goldens:
                            // MatchesGoldens in recording mode (see Accelerate.Testing): say where it wrote, where the build is read.
                            skipped++;
                            Log.LogMessage(goldens.StartsWith("goldens recorded", StringComparison.Ordinal) ? MessageImportance.High : MessageImportance.Normal, "Accelerate: " + goldens);
                            break;
                        case "skipped":
                            skipped++;
                            Log.LogMessage(MessageImportance.Normal, $"{model.Model}[{row.Backend}].{check.Check} skipped: {message}");
                            break;
                        default:
                            failed++;
                            LogOnManifest(DiagnosticCatalog.MatrixCheckFailed, manifestPath, "/tests", DiagnosticCatalog.MatrixCheckFailed.Format(message));
                            break;
                    }
                }
            }
        }
        Log.LogMessage(MessageImportance.High, $"Accelerate hardware matrix: {passed} passed, {failed} failed, {skipped} skipped (report: {Path.ChangeExtension(reportPath, ".md")})");
        if (failed == 0 && ExitCode != 0)
        {
            // Failures outside the matrix (other tests in the assembly) are not ours to report, but the build should know.
            Log.LogWarning($"The test run exited with code {ExitCode} although every hardware-matrix check passed or was skipped.");
        }
        return !Log.HasLoggedErrors;
    }
}
