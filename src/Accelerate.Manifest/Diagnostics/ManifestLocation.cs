namespace Accelerate.Manifest.Diagnostics;

/// <summary>
/// A span of manifest text: character offset and length (for Roslyn) plus 0-based line/column
/// of both ends (for MSBuild, which adds 1). A value, so it can live in cached generator models.
/// </summary>
public sealed record ManifestLocation(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The start of the file.</summary>
    public static ManifestLocation FileStart { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>A manifest problem: catalogue id, severity, formatted message and where it is.</summary>
public sealed record ManifestDiagnostic(string Id, DiagnosticSeverityLevel Severity, string Message, ManifestLocation Location)
{
    /// <summary>True for errors.</summary>
    public bool IsError => Severity == DiagnosticSeverityLevel.Error;

    /// <inheritdoc />
    public override string ToString() =>
        $"({Location.StartLine + 1},{Location.StartColumn + 1}): {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}

/// <summary>Severity of a catalogued diagnostic (mirrors Roslyn's and MSBuild's levels).</summary>
public enum DiagnosticSeverityLevel
{
    /// <summary>Information only.</summary>
    Info,
    /// <summary>Something is probably wrong; the build goes on.</summary>
    Warning,
    /// <summary>The build fails.</summary>
    Error,
}
