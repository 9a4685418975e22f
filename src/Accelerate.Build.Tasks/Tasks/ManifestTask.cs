using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Base of the tasks that read manifests. Manifest-text errors (ACC1xxx) are left to the generator, which
/// reports them on the same lines at compile time; tasks report what only they can see (ACC2xxx).
/// </summary>
public abstract class ManifestTask : AccelerateTask
{
    /// <summary>The AccelerateModel items (manifest files).</summary>
    public ITaskItem[] Manifests { get; set; } = [];

    /// <summary>Manifests that parse without errors, with their full paths.</summary>
    protected IEnumerable<ModelManifest> ValidManifests()
    {
        foreach (var item in Manifests)
        {
            var path = item.GetMetadata("FullPath");
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var definition = DiagnosticCatalog.ManifestUnreadable;
                LogDiagnostic(definition, path, 0, 0, 0, 0, definition.Format(e.Message));
                continue;
            }
            if (ManifestParser.Parse(text, path).Manifest is { } manifest) yield return manifest;
        }
    }

    /// <summary>Logs a catalogued diagnostic on the value of the manifest property at <paramref name="propertyPath"/> (the offending value, not its name).</summary>
    protected void Report(ModelManifest manifest, string propertyPath, string id, string message)
    {
        var l = manifest.ValueLocationOf(propertyPath);
        LogDiagnostic(DiagnosticCatalog.All.First(d => d.Id == id), manifest.FilePath,
            l.StartLine + 1, l.StartColumn + 1, l.EndLine + 1, l.EndColumn + 1, message);
    }

    /// <summary>Every package source of a manifest (model, vocabulary, variants, further models, side files).</summary>
    protected static IEnumerable<ModelSource> PackageSources(ModelManifest manifest) =>
        manifest.AllSources().Where(s => s.Kind != SourceKind.Path && s.Package is not null);
}
