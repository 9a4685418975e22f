using System.Text.Json;
using Accelerate.Manifest.Diagnostics;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Runs when dotnet test starts a Microsoft.Testing.Platform project (xunit.v3) in VSTest mode, which the .NET 10 SDK
/// refuses with a generic error: logs ACC4004 naming the global.json to write or change, and what to put in it.
/// </summary>
public sealed class AccelerateExplainTestRunner : AccelerateTask
{
    /// <summary>The global.json line that opts dotnet test into Microsoft.Testing.Platform.</summary>
    public const string Setting = "{ \"test\": { \"runner\": \"Microsoft.Testing.Platform\" } }";

    /// <summary>The test project's folder; global.json is looked for here and above.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary>$(SolutionDir) when building a solution: where a new global.json belongs.</summary>
    public string SolutionDirectory { get; set; } = "";

    /// <summary>The project file, where the diagnostic is placed.</summary>
    public string ProjectFile { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        var existing = FindGlobalJson(ProjectDirectory);
        string fix;
        if (existing is null)
        {
            var folder = SolutionDirectory.Length > 0 && !SolutionDirectory.Contains("*Undefined*") ? SolutionDirectory : ProjectDirectory;
            fix = $"Add {Path.Combine(Path.GetFullPath(folder), "global.json")} containing {Setting} and run dotnet test again.";
        }
        else
        {
            fix = RunnerOf(existing) is { } runner
                ? $"{existing} sets \"test\": {{ \"runner\": \"{runner}\" }}; make it \"Microsoft.Testing.Platform\" and run dotnet test again."
                : $"Add \"test\": {{ \"runner\": \"Microsoft.Testing.Platform\" }} to {existing} (beside \"sdk\", if it has one) and run dotnet test again.";
        }
        LogDiagnostic(DiagnosticCatalog.TestRunnerMode, ProjectFile, 0, 0, 0, 0, DiagnosticCatalog.TestRunnerMode.Format(fix));
        return false;
    }

    /// <summary>The nearest global.json at or above <paramref name="directory"/>, as dotnet looks for it.</summary>
    internal static string? FindGlobalJson(string directory)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(directory)); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "global.json");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string? RunnerOf(string globalJson)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(globalJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.Object
                && test.TryGetProperty("runner", out var runner) && runner.ValueKind == JsonValueKind.String
                ? runner.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
