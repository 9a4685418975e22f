using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests.Support;

internal static class DiagnosticExtensions
{
    /// <summary>File, 1-based line and 1-based column, as the build output shows a diagnostic.</summary>
    public static (string Path, int Line, int Column) Position(this Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return (span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    /// <summary>The one diagnostic with <paramref name="id"/>; fails listing every diagnostic otherwise.</summary>
    public static Diagnostic Single(this GeneratorRun run, string id)
    {
        var matches = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {id}, got {matches.Count}:\n{run.Describe()}");
        return matches[0];
    }
}
