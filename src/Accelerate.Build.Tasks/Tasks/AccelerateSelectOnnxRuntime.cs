using Accelerate.Build.Tasks.OnnxRuntime;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Turns the AccelerateOnnxRuntime property (cpu, cuda or none) and the platform being built into the NuGet package
/// whose native ONNX Runtime libraries are copied beside the app (ACC2008 for an unknown build, ACC2010 for a build
/// that has no package for the platform). AccelerateOnnxRuntimePackage / AccelerateOnnxRuntimeVersion override the choice.
/// </summary>
public sealed class AccelerateSelectOnnxRuntime : AccelerateTask
{
    /// <summary>$(AccelerateOnnxRuntime): cpu (default), cuda or none.</summary>
    public string Build { get; set; } = "";

    /// <summary>$(AccelerateOnnxRuntimePackage): a package id that replaces the build's own package.</summary>
    public string Package { get; set; } = "";

    /// <summary>$(AccelerateOnnxRuntimeVersion): the package version, replacing the build's default.</summary>
    public string Version { get; set; } = "";

    /// <summary>$(RuntimeIdentifier) of the project; empty for a portable build.</summary>
    public string RuntimeIdentifier { get; set; } = "";

    /// <summary>$(NETCoreSdkRuntimeIdentifier): the machine's platform, used when the project has no RuntimeIdentifier.</summary>
    public string SdkRuntimeIdentifier { get; set; } = "";

    /// <summary>The project file, where diagnostics are placed.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>The package id to copy natives from; empty when nothing is to be copied (none, or an error).</summary>
    [Output]
    public string PackageId { get; set; } = "";

    /// <summary>The exact package version.</summary>
    [Output]
    public string PackageVersion { get; set; } = "";

    /// <summary>The runtimes/&lt;folder&gt;/native folder of the package to copy, e.g. linux-x64.</summary>
    [Output]
    public string NativeFolder { get; set; } = "";

    /// <summary>The build, normalised (lower case, default applied).</summary>
    [Output]
    public string SelectedBuild { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        var build = Build.Trim().ToLowerInvariant();
        if (build.Length == 0) build = OnnxRuntimeBuilds.Cpu;
        SelectedBuild = build;
        if (!OnnxRuntimeBuilds.Names.Contains(build))
        {
            var hint = OnnxRuntimeBuilds.Aliases.TryGetValue(build, out var alias)
                ? $" (did you mean {alias}?)"
                : Suggestions.DidYouMean(build, OnnxRuntimeBuilds.Names);
            Error(DiagnosticCatalog.UnknownOnnxRuntimeBuild, DiagnosticCatalog.UnknownOnnxRuntimeBuild.Format(Build, hint, string.Join(", ", OnnxRuntimeBuilds.Names)));
            return false;
        }

        var package = Package.Trim();
        var version = Version.Trim();
        if (build == OnnxRuntimeBuilds.None && package.Length == 0) return true;

        var rid = RuntimeIdentifier.Trim().Length > 0 ? RuntimeIdentifier.Trim() : SdkRuntimeIdentifier.Trim();
        var (os, _) = OnnxRuntimeBuilds.Platform(rid);
        NativeFolder = OnnxRuntimeBuilds.NativeFolder(rid);
        if (package.Length > 0)
        {
            if (version.Length == 0)
            {
                Error(DiagnosticCatalog.OnnxRuntimeUnavailable, DiagnosticCatalog.OnnxRuntimeUnavailable.Format(rid,
                    $"AccelerateOnnxRuntimePackage={package} needs AccelerateOnnxRuntimeVersion (an exact version) as well"));
                return false;
            }
            PackageId = package;
            PackageVersion = version;
            return true;
        }

        if (OnnxRuntimeBuilds.PackageFor(build, os) is not { } chosen)
        {
            Error(DiagnosticCatalog.OnnxRuntimeUnavailable, DiagnosticCatalog.OnnxRuntimeUnavailable.Format(rid,
                $"the '{build}' build of ONNX Runtime has no package for {os} (it exists for Linux and Windows); use AccelerateOnnxRuntime=cpu on this platform"));
            return false;
        }
        PackageId = chosen.Id;
        PackageVersion = version.Length > 0 ? version : chosen.Version;
        return true;
    }

    private void Error(DiagnosticDefinition definition, string message) =>
        LogDiagnostic(definition, ProjectFile, 0, 0, 0, 0, message);
}
