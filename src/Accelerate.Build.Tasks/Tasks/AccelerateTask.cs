using Accelerate.Manifest.Diagnostics;
using Task = Microsoft.Build.Utilities.Task;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>Base of every Accelerate.Build task: catalogued diagnostics whose help links point into the configured reference.</summary>
public abstract class AccelerateTask : Task
{
    /// <summary>$(AccelerateDiagnosticsDocs): the address of the diagnostics reference (by default the copy in the package).</summary>
    public string DiagnosticsDocs { get; set; } = "";

    /// <summary>Logs a catalogued diagnostic (error or warning by its severity) at 1-based line/column of <paramref name="file"/> (0 for none).</summary>
    protected void LogDiagnostic(DiagnosticDefinition definition, string file, int line, int column, int endLine, int endColumn, string message) =>
        Log.LogDiagnostic(definition, file, line, column, endLine, endColumn, message, DiagnosticsDocs);
}
