using System.Globalization;
using Accelerate.EndToEnd.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Accelerate.EndToEnd.Tests.Package.PackedPackageFixture))]

namespace Accelerate.EndToEnd.Tests.Package;

/// <summary>
/// Packs every package of the repository once per test run, with a version unique to the run so the NuGet cache can
/// never serve an older build of the same version; removes that version from the cache after. The version is a stable
/// one (0.0.N), so that `dotnet add package Accelerate.Build` without a version, as the guides write it, picks it.
/// </summary>
public sealed class PackedPackageFixture : IDisposable
{
    private readonly TempDirectory _packages = new("accelerate-packages");
    private readonly Lazy<string> _version;

    /// <summary>Creates the fixture; packing happens on first use.</summary>
    public PackedPackageFixture() => _version = new Lazy<string>(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Folder holding the packed .nupkg files.</summary>
    public string PackageFolder => _packages.Path;

    /// <summary>The version packed (packing on first access).</summary>
    public string Version => _version.Value;

    /// <summary>The build configuration packing uses, so its bin/ and obj/ folders are its own.</summary>
    private const string Configuration = "PackageTest";

    private string Pack()
    {
        var seconds = (long)(DateTime.UtcNow - new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        var version = "0.0." + seconds.ToString(CultureInfo.InvariantCulture);
        // A configuration of its own (optimised like Release): other tests build the same projects in Release at the
        // same time, and a pack writing bin/Release with another assembly version made their apps fail to load it.
        foreach (var project in Projects.Select(p => $"src/{p}/{p}.csproj"))
        {
            var result = Dotnet.Run(Dotnet.RepositoryRoot, $"pack {project} -c {Configuration} -p:Optimize=true -o \"{_packages.Path}\" -p:Version={version} -p:AssemblyVersion=0.0.0.0 -p:FileVersion=0.0.0.0");
            if (result.ExitCode != 0) throw new InvalidOperationException("dotnet pack failed:\n" + result.All);
        }
        return version;
    }

    /// <summary>The packed projects, which are also the package ids.</summary>
    public static IReadOnlyList<string> Projects { get; } =
        ["Accelerate.Manifest", "Accelerate.Runtime", "Accelerate.Build", "Accelerate.Testing", "Accelerate.Imaging", "Accelerate.Audio", "Accelerate.Benchmarks", "Accelerate.Results"];

    /// <summary>Creates a brand-new console project that references the packed package, as a user would.</summary>
    public TempDirectory NewConsoleProject(string name)
    {
        var directory = NewWorkspace();
        AddConsoleProject(directory, name, ".");
        return directory;
    }

    /// <summary>
    /// An empty folder whose nuget.config adds the packed packages (the machine's own sources still serve everything
    /// else) and whose global.json runs `dotnet test` on Microsoft.Testing.Platform, as xunit.v3 projects need.
    /// </summary>
    public TempDirectory NewWorkspace(bool withGlobalJson = true)
    {
        _ = Version; // the feed must hold the packages before anything restores from it
        var directory = new TempDirectory("accelerate-e2e");
        directory.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="accelerate-local" value="{PackageFolder}" />
              </packageSources>
            </configuration>
            """);
        if (withGlobalJson) directory.Write("global.json", """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        return directory;
    }

    /// <summary>Creates console project <paramref name="name"/> in <paramref name="folder"/> referencing Accelerate.Build.</summary>
    public string AddConsoleProject(TempDirectory workspace, string name, string folder)
    {
        var projectDirectory = Path.Combine(workspace.Path, folder);
        Directory.CreateDirectory(projectDirectory);
        Check(Dotnet.Run(projectDirectory, $"new console -n {name} -o . --no-restore"));
        Check(Dotnet.Run(projectDirectory, $"add package Accelerate.Build --version {Version}"));
        return projectDirectory;
    }

    /// <summary>Throws with the process output when it failed.</summary>
    public static ProcessResult Check(ProcessResult result) =>
        result.ExitCode == 0 ? result : throw new InvalidOperationException("Command failed:\n" + result.All);

    /// <inheritdoc />
    public void Dispose()
    {
        _packages.Dispose();
        if (!_version.IsValueCreated) return;
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in Projects.Select(p => p.ToLowerInvariant()))
        {
            var folder = Path.Combine(root, id, _version.Value);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
