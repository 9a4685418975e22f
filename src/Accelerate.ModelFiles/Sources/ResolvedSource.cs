using Accelerate.Manifest.Model;

namespace Accelerate.ModelFiles.Sources;

/// <summary>A manifest source resolved to a file on disk, or the reason it could not be.</summary>
/// <param name="FilePath">Full path of the file, when found.</param>
/// <param name="Error">Catalogued diagnostic id and message, when not.</param>
/// <param name="Property">The property of the source object whose value is at fault ("path", "package", "file", "resource"), where the diagnostic goes.</param>
public sealed record ResolvedSource(string? FilePath, (string Id, string Message)? Error, string? Property = null)
{
    /// <summary>A found file.</summary>
    public static ResolvedSource Found(string path) => new(path, null);

    /// <summary>A failure with a catalogued diagnostic, placed on the value of <paramref name="property"/>.</summary>
    public static ResolvedSource Failed(Accelerate.Manifest.Diagnostics.DiagnosticDefinition definition, string property, params object?[] args) =>
        new(null, (definition.Id, definition.Format(args)), property);
}

/// <summary>
/// Resolves the three source forms to files: a path relative to the manifest; a file inside a restored
/// NuGet package; an embedded resource of one of a package's assemblies (extracted once into obj/).
/// </summary>
public sealed class ModelSourceResolver(string packageRoot, string extractionDirectory)
{
    /// <summary>Resolves <paramref name="source"/> of the manifest at <paramref name="manifestPath"/>.</summary>
    /// <param name="source">The source.</param>
    /// <param name="manifestPath">Full path of the manifest (paths are relative to it).</param>
    /// <param name="extractAs">File name to extract an embedded resource to.</param>
    public ResolvedSource Resolve(ModelSource source, string manifestPath, string extractAs)
    {
        switch (source.Kind)
        {
            case SourceKind.Path:
            {
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, source.Path!));
                return File.Exists(full) ? ResolvedSource.Found(full) : ResolvedSource.Failed(Accelerate.Manifest.Diagnostics.DiagnosticCatalog.FileNotFound, "path", "The", source.Path, full);
            }
            case SourceKind.PackageFile:
            {
                if (PackageFolder(source) is not { } folder) return PackageMissing(source);
                var full = Path.GetFullPath(Path.Combine(folder, source.File!));
                if (File.Exists(full)) return ResolvedSource.Found(full);
                var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                    .Where(f => !f.StartsWith('.') && !f.EndsWith(".nupkg", StringComparison.Ordinal) && !f.EndsWith(".sha512", StringComparison.Ordinal) && !f.EndsWith(".p7s", StringComparison.Ordinal))
                    .ToList();
                var hint = Suggestions.Closest(source.File!, files) is { } close ? Suggestions.DidYouMean(source.File!, [close]) : Listing(files.Where(f => f.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)));
                return ResolvedSource.Failed(Accelerate.Manifest.Diagnostics.DiagnosticCatalog.PackageFileNotFound, "file", source.Package, source.Version, source.File, hint);
            }
            default:
            {
                if (PackageFolder(source) is not { } folder) return PackageMissing(source);
                var target = Path.Combine(extractionDirectory, extractAs);
                var stamp = target + ".source";
                var identity = $"{source.Package}/{source.Version}/{source.Resource}";
                // Packages are immutable once restored: extract once, then reuse while the stamp says it is the same resource.
                if (File.Exists(target) && File.Exists(stamp) && File.ReadAllText(stamp) == identity) return ResolvedSource.Found(target);

                var assemblies = Directory.EnumerateFiles(folder, "*.dll", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToList();
                var available = new List<string>();
                foreach (var assembly in assemblies)
                {
                    if (TryExtract(assembly, source.Resource!, target))
                    {
                        File.WriteAllText(stamp, identity);
                        return ResolvedSource.Found(target);
                    }
                    available.AddRange(SafeList(assembly));
                }
                var distinct = available.Distinct().ToList();
                var hint = Suggestions.Closest(source.Resource!, distinct) is { } close ? Suggestions.DidYouMean(source.Resource!, [close]) : Listing(distinct);
                return ResolvedSource.Failed(Accelerate.Manifest.Diagnostics.DiagnosticCatalog.ResourceNotFound, "resource", source.Package, source.Version, source.Resource, hint);
            }
        }
    }

    private string? PackageFolder(ModelSource source) =>
        NuGetPackageFolder.IsRestored(packageRoot, source.Package!, source.Version!) ? NuGetPackageFolder.PathOf(packageRoot, source.Package!, source.Version!) : null;

    private ResolvedSource PackageMissing(ModelSource source) =>
        ResolvedSource.Failed(Accelerate.Manifest.Diagnostics.DiagnosticCatalog.PackageNotFound, "package", source.Package, source.Version,
            $"it is not in the packages folder '{packageRoot}' after restore; check the id and version exist on your package sources (nuget.config)");

    private static bool TryExtract(string assembly, string resource, string target)
    {
        try
        {
            return EmbeddedResourceReader.TryExtract(assembly, resource, target);
        }
        catch (BadImageFormatException)
        {
            return false; // native DLLs in runtimes/ are not .NET assemblies
        }
    }

    private static IEnumerable<string> SafeList(string assembly)
    {
        try
        {
            return EmbeddedResourceReader.ListResources(assembly);
        }
        catch (BadImageFormatException)
        {
            return []; // native DLLs in runtimes/ are not .NET assemblies
        }
    }

    private static string Listing(IEnumerable<string> names)
    {
        var list = names.Take(10).ToList();
        return list.Count == 0 ? "" : ". It has: " + string.Join(", ", list);
    }
}
