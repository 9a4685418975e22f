using Accelerate.Build.Tasks.OnnxRuntime;
using Accelerate.ModelFiles.Sources;
using Accelerate.Manifest.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Lists the native libraries of the chosen ONNX Runtime package for the platform being built (copied to the output
/// and the publish folder), and refuses (ACC2009) when the project's other copy-local files already bring a native
/// ONNX Runtime: two builds in one folder would silently overwrite each other's libonnxruntime.
/// </summary>
public sealed class AccelerateCollectOnnxRuntime : AccelerateTask
{
    /// <summary>The global packages folder.</summary>
    [Required]
    public string PackageRoot { get; set; } = "";

    /// <summary>The package chosen by <see cref="AccelerateSelectOnnxRuntime"/>; empty when Accelerate.Build copies none.</summary>
    public string PackageId { get; set; } = "";

    /// <summary>Its exact version.</summary>
    public string PackageVersion { get; set; } = "";

    /// <summary>The runtimes/&lt;folder&gt;/native folder to copy.</summary>
    public string NativeFolder { get; set; } = "";

    /// <summary>The selected build (cpu, cuda, none), for messages.</summary>
    public string Build { get; set; } = "";

    /// <summary>The project's copy-local files so far (@(ReferenceCopyLocalPaths)), checked for another native ONNX Runtime.</summary>
    public ITaskItem[] CopyLocalFiles { get; set; } = [];

    /// <summary>The project file, where diagnostics are placed.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>The native libraries to copy, each with an empty DestinationSubDirectory (they go beside the app).</summary>
    [Output]
    public ITaskItem[] NativeFiles { get; set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var others = CopyLocalFiles
            .Where(f => OnnxRuntimeBuilds.IsOnnxRuntimeLibrary(Path.GetFileName(f.ItemSpec)))
            .Select(f => (File: f.ItemSpec, Origin: Origin(f), Item: f))
            .GroupBy(f => f.Origin, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();

        if (PackageId.Length == 0)
        {
            // AccelerateOnnxRuntime=none: the project brings its own, but still only one.
            if (others.Count > 1)
            {
                Duplicate(others[0].File, string.Join(" and ", others.Select(o => o.Origin)),
                    "Keep one native ONNX Runtime package reference.");
            }
            return !Log.HasLoggedErrors;
        }

        // A package reference to exactly the chosen package brings the same files: nothing to add, nothing to report.
        if (others.Count > 0 && others.All(o => IsPackage(o.Item, PackageId, PackageVersion)))
        {
            Log.LogMessage(MessageImportance.Low, $"Accelerate.Build: {PackageId} {PackageVersion} is already a package reference of the project; its natives are copied by NuGet");
            return true;
        }

        var ours = $"{PackageId} {PackageVersion} (AccelerateOnnxRuntime={(Build.Length == 0 ? OnnxRuntimeBuilds.Cpu : Build)})";
        if (others.Count > 0)
        {
            var theirs = string.Join(" and ", others.Select(o => o.Origin));
            Duplicate(others[0].File, ours + " and " + theirs,
                $"Remove the package reference and choose the build with <AccelerateOnnxRuntime> (cpu, cuda), or set <AccelerateOnnxRuntime>none</AccelerateOnnxRuntime> to keep your own.");
            return false;
        }

        var packageFolder = NuGetPackageFolder.PathOf(PackageRoot, PackageId, PackageVersion);
        if (!NuGetPackageFolder.IsRestored(PackageRoot, PackageId, PackageVersion))
        {
            Unavailable($"{PackageId} {PackageVersion} is not in the global packages folder ({PackageRoot}); it could not be restored (see the errors above), or the build that restores it has not run yet");
            return false;
        }

        var runtimes = Path.Combine(packageFolder, "runtimes");
        var native = Path.Combine(runtimes, NativeFolder, "native");
        var files = Directory.Exists(native)
            ? Directory.GetFiles(native).Where(f => OnnxRuntimeBuilds.IsLoadableLibrary(Path.GetFileName(f))).OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            var available = Directory.Exists(runtimes)
                ? Directory.GetDirectories(runtimes).Where(d => Directory.Exists(Path.Combine(d, "native"))).Select(Path.GetFileName).OrderBy(d => d, StringComparer.Ordinal).ToList()
                : [];
            Unavailable($"{PackageId} {PackageVersion} has no native libraries for {NativeFolder} (it has: {(available.Count == 0 ? "none" : string.Join(", ", available))}); build for one of those with -r, or choose another AccelerateOnnxRuntime");
            return false;
        }

        NativeFiles = files.Select(f =>
        {
            var item = new TaskItem(f);
            item.SetMetadata("DestinationSubDirectory", "");
            item.SetMetadata("CopyLocal", "true");
            item.SetMetadata("NuGetPackageId", PackageId);
            item.SetMetadata("NuGetPackageVersion", PackageVersion);
            item.SetMetadata("AccelerateOnnxRuntime", Build);
            return (ITaskItem)item;
        }).ToArray();
        Log.LogMessage(MessageImportance.Low, $"Accelerate.Build: native ONNX Runtime from {PackageId} {PackageVersion} ({NativeFolder}): {string.Join(", ", files.Select(Path.GetFileName))}");
        return true;
    }

    private static bool IsPackage(ITaskItem file, string id, string version) =>
        string.Equals(file.GetMetadata("NuGetPackageId"), id, StringComparison.OrdinalIgnoreCase)
        && string.Equals(NuGetPackageFolder.NormalizeVersion(file.GetMetadata("NuGetPackageVersion")), NuGetPackageFolder.NormalizeVersion(version), StringComparison.OrdinalIgnoreCase);

    private static string Origin(ITaskItem file)
    {
        var id = file.GetMetadata("NuGetPackageId");
        return id.Length > 0 ? $"{id} {file.GetMetadata("NuGetPackageVersion")} (a package reference)".Replace("  ", " ") : file.ItemSpec;
    }

    private void Duplicate(string file, string which, string fix) =>
        LogDiagnostic(DiagnosticCatalog.DuplicateOnnxRuntime, ProjectFile, 0, 0, 0, 0,
            DiagnosticCatalog.DuplicateOnnxRuntime.Format(Path.GetFileName(file), which, fix));

    private void Unavailable(string why) =>
        LogDiagnostic(DiagnosticCatalog.OnnxRuntimeUnavailable, ProjectFile, 0, 0, 0, 0,
            DiagnosticCatalog.OnnxRuntimeUnavailable.Format(NativeFolder, why));
}
