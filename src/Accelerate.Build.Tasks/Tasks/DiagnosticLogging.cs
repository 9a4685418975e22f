using Accelerate.Manifest.Diagnostics;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>Logs catalogued diagnostics through MSBuild as errors or warnings, by the catalogue's severity.</summary>
internal static class DiagnosticLogging
{
    /// <summary>
    /// Logs <paramref name="definition"/> with <paramref name="message"/> at 1-based line/column of <paramref name="file"/>
    /// (0 for none), with a help link into the diagnostics reference at <paramref name="docs"/>. MSBuild formats a
    /// message only when arguments are passed, so braces in it need no escaping.
    /// </summary>
    public static void LogDiagnostic(this TaskLoggingHelper log, DiagnosticDefinition definition, string file,
        int line, int column, int endLine, int endColumn, string message, string? docs = null)
    {
        var help = definition.HelpLinkAt(docs);
        if (definition.Severity == DiagnosticSeverityLevel.Error)
        {
            log.LogError(null, definition.Id, null, help, file, line, column, endLine, endColumn, message);
        }
        else
        {
            log.LogWarning(null, definition.Id, null, help, file, line, column, endLine, endColumn, message);
        }
    }
}
