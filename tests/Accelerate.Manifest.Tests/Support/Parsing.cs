using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;

namespace Accelerate.Manifest.Tests.Support;

/// <summary>Parsing helpers and assertions shared by the manifest tests.</summary>
internal static class Parsing
{
    /// <summary>Parses <paramref name="text"/> as the manifest <paramref name="fileName"/> in <see cref="Manifests.Folder"/>.</summary>
    public static ManifestParseResult Parse(string text, string fileName = "model.model.json") =>
        ManifestParser.Parse(text, Manifests.Folder + fileName);

    /// <summary>Parses text that must produce a manifest without any diagnostic.</summary>
    public static ModelManifest ParseClean(string text, string fileName = "model.model.json")
    {
        var result = Parse(text, fileName);
        Assert.True(result.Diagnostics.Count == 0, "Unexpected diagnostics:\n" + Describe(result));
        return Assert.IsType<ModelManifest>(result.Manifest);
    }

    /// <summary>1-based (line, column) of a diagnostic, as MSBuild and editors show it.</summary>
    public static (int Line, int Column) Position(this ManifestDiagnostic diagnostic) =>
        (diagnostic.Location.StartLine + 1, diagnostic.Location.StartColumn + 1);

    /// <summary>1-based (line, column) of a location.</summary>
    public static (int Line, int Column) Position(this ManifestLocation location) =>
        (location.StartLine + 1, location.StartColumn + 1);

    /// <summary>The one diagnostic with <paramref name="id"/>; fails listing all diagnostics otherwise.</summary>
    public static ManifestDiagnostic Single(ManifestParseResult result, string id)
    {
        var matches = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {id}, got {matches.Count}. All diagnostics:\n{Describe(result)}");
        return matches[0];
    }

    /// <summary>All diagnostics, one per line, for failure messages.</summary>
    public static string Describe(ManifestParseResult result) =>
        result.Diagnostics.Count == 0 ? "(none)" : string.Join("\n", result.Diagnostics.Select(d => "  " + d));

    /// <summary>
    /// Asserts that a location lies inside <paramref name="text"/> and that its lines and columns agree with its
    /// character offsets, computed independently here (CR, LF and CRLF end lines; a leading BOM is not a column).
    /// </summary>
    public static void AssertConsistent(ManifestLocation location, string text)
    {
        Assert.InRange(location.Start, 0, text.Length);
        Assert.InRange(location.Length, 0, text.Length - location.Start);
        Assert.Equal(LineColumn(text, location.Start), (location.StartLine, location.StartColumn));
        Assert.Equal(LineColumn(text, location.Start + location.Length), (location.EndLine, location.EndColumn));
    }

    /// <summary>0-based line and UTF-16 column of a character offset.</summary>
    public static (int Line, int Column) LineColumn(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        var column = offset - lineStart;
        if (line == 0 && text.StartsWith('\uFEFF') && column > 0) column--;
        return (line, column);
    }
}
