using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Base of the tasks that turn what a child run (the generated tests, the benchmark suites) wrote into build
/// diagnostics placed on the manifests they concern.
/// </summary>
public abstract class RunReportTask : AccelerateTask
{
    /// <summary>Exit code of the run.</summary>
    public int ExitCode { get; set; }

    /// <summary>The run's console output, quoted when the run wrote nothing to report.</summary>
    public ITaskItem[] Output { get; set; } = [];

    /// <summary>The last lines of the run's output on one line, or "no output".</summary>
    protected string OutputTail() =>
        string.Join(" ", Output.Select(o => o.ItemSpec.Trim()).Where(l => l.Length > 0).TakeLast(15)) is { Length: > 0 } tail ? tail : "no output";

    /// <summary>
    /// Logs a catalogued diagnostic (error or warning by its severity) on the manifest property at
    /// <paramref name="propertyPath"/>; a manifest that is gone, or none, gives a file-less diagnostic on the project.
    /// </summary>
    protected void LogOnManifest(DiagnosticDefinition definition, string? manifestPath, string? propertyPath, string message)
    {
        var location = ManifestLocation.FileStart;
        // A manifest that is gone (moved or deleted since the run) has no line to point at: MSBuild shows line 0 as none.
        var manifestExists = !string.IsNullOrEmpty(manifestPath) && File.Exists(manifestPath);
        if (manifestExists && propertyPath is not null)
        {
            // The manifest may have changed since the run; a parse error just leaves the location at the start.
            location = ManifestParser.Parse(File.ReadAllText(manifestPath!), manifestPath!).Manifest?.LocationOf(propertyPath) ?? location;
        }
        var line = manifestExists ? location.StartLine + 1 : 0;
        var column = manifestExists ? location.StartColumn + 1 : 0;
        // One diagnostic per finding: MSBuild would print every line of a multi-line message as one of its own.
        var text = string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        LogDiagnostic(definition, manifestPath ?? "", line, column, 0, 0, text);
    }
}
