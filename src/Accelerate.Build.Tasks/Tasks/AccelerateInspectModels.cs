using Accelerate.ModelFiles;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// For each manifest: resolves its sources to files, reads the ONNX graph signatures, writes
/// <c>&lt;Name&gt;.&lt;hash&gt;.signature.json</c> for the generator, and returns the files to copy beside the app
/// (the work is <see cref="ManifestInspector"/>'s; this task turns its problems into diagnostics and its files into items).
/// </summary>
public sealed class AccelerateInspectModels : ManifestTask
{
    /// <summary>The global packages folder ($(NuGetPackageRoot)).</summary>
    [Required]
    public string PackageRoot { get; set; } = "";

    /// <summary>Folder for extracted models and signature files (obj/…/accelerate/).</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>Folder under the app's output that receives models (default "models").</summary>
    public string ModelsFolder { get; set; } = "models";

    /// <summary>Files to copy to the output: item = source file, metadata Link = path under the output folder.</summary>
    [Output]
    public ITaskItem[] ModelFiles { get; set; } = [];

    /// <summary>Signature files for the generator (AdditionalFiles).</summary>
    [Output]
    public ITaskItem[] SignatureFiles { get; set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var inspector = new ManifestInspector(PackageRoot, IntermediateDirectory, ModelsFolder);
        var modelFiles = new List<ITaskItem>();
        var signatureFiles = new List<string>();

        // As in the generator, the first manifest by path owns a name; the others get ACC1022 from the generator
        // and are skipped here so they never share models/<Name>/ with it.
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in ValidManifests().OrderBy(m => m.FilePath, StringComparer.Ordinal))
        {
            if (!names.Add(manifest.Name)) continue;
            var inspection = inspector.Inspect(manifest);
            foreach (var problem in inspection.Problems)
            {
                Report(manifest, problem.PropertyPath, problem.Definition.Id, problem.Message);
            }
            if (inspection.Signature is null) continue;
            foreach (var file in inspection.Files)
            {
                var item = new TaskItem(file.SourcePath);
                item.SetMetadata("Link", file.OutputPath.Replace('/', Path.DirectorySeparatorChar));
                item.SetMetadata("AccelerateManifest", manifest.FilePath);
                item.SetMetadata("AccelerateModelName", manifest.Name);
                modelFiles.Add(item);
            }
            signatureFiles.Add(inspection.SignaturePath);
        }

        // Signatures of manifests that were deleted or renamed must not keep generating classes.
        var existing = Directory.Exists(inspector.SignatureDirectory) ? Directory.EnumerateFiles(inspector.SignatureDirectory, "*.signature.json") : [];
        foreach (var stale in existing.Where(f => !signatureFiles.Contains(f, StringComparer.OrdinalIgnoreCase)))
        {
            File.Delete(stale);
        }

        ModelFiles = modelFiles.ToArray();
        SignatureFiles = signatureFiles.Select(s => (ITaskItem)new TaskItem(s)).ToArray();
        return !Log.HasLoggedErrors;
    }
}
