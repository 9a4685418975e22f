using System.Security;
using Accelerate.ModelFiles.Sources;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Finds the packages the build needs that are not yet in the global packages folder (the model packages the
/// manifests name, and the native ONNX Runtime package) and writes a tiny project with one PackageDownload per
/// package, which the targets then restore. The packages are fetched for the build only: they never become
/// dependencies of the consumer.
/// </summary>
public sealed class AccelerateWriteFetchProject : ManifestTask
{
    /// <summary>The global packages folder ($(NuGetPackageRoot)).</summary>
    [Required]
    public string PackageRoot { get; set; } = "";

    /// <summary>Path of the project file to write.</summary>
    [Required]
    public string ProjectPath { get; set; } = "";

    /// <summary>More packages to fetch: item = package id, metadata Version = exact version.</summary>
    public ITaskItem[] Packages { get; set; } = [];

    /// <summary>The written project, or empty when every package is already restored.</summary>
    [Output]
    public string FetchProject { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        var missing = ValidManifests()
            .SelectMany(PackageSources)
            .Select(s => (Id: s.Package!, Version: s.Version!))
            .Concat(Packages.Where(p => p.GetMetadata("Version").Length > 0).Select(p => (Id: p.ItemSpec, Version: p.GetMetadata("Version"))))
            .Distinct()
            .Where(p => !NuGetPackageFolder.IsRestored(PackageRoot, p.Id, p.Version))
            .OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (missing.Count == 0) return !Log.HasLoggedErrors;

        var downloads = string.Join(Environment.NewLine, missing.Select(p =>
            $"    <PackageDownload Include=\"{SecurityElement.Escape(p.Id)}\" Version=\"[{SecurityElement.Escape(p.Version)}]\" />"));
        // Directory.Build.* and central package management of the consumer must not leak into this project.
        var text = $"""
            <Project>
              <PropertyGroup>
                <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
                <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <RestorePackagesPath>{SecurityElement.Escape(PackageRoot)}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
            {downloads}
              </ItemGroup>
              <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
            </Project>
            """;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!);
        File.WriteAllText(ProjectPath, text);
        FetchProject = Path.GetFullPath(ProjectPath);
        Log.LogMessage(MessageImportance.High, $"Accelerate.Build: fetching package(s) {string.Join(", ", missing.Select(p => p.Id + " " + p.Version))}");
        return !Log.HasLoggedErrors;
    }
}
