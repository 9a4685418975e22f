using System.Runtime.InteropServices;

namespace Accelerate.Runtime;

/// <summary>
/// Explains why ONNX Runtime could not load a provider's shared library. ONNX Runtime reports only "Failed to load shared
/// library"; loading the same file directly returns the loader's own words, which name the missing dependency
/// (e.g. "libcublasLt.so.13: cannot open shared object file: No such file or directory").
/// </summary>
internal static class ProviderLibraries
{
    // Backends whose provider ONNX Runtime loads from a library of its own beside libonnxruntime.
    private static readonly HashSet<string> SeparateLibraries = ["cuda", "tensorrt", "rocm", "migraphx", "openvino", "dnnl", "qnn", "vitisai", "tensorrt-rtx"];

    /// <summary>Whether ONNX Runtime's message says a provider library failed to load.</summary>
    public static bool IsLoadFailure(string message) =>
        message.Contains("Failed to load", StringComparison.OrdinalIgnoreCase)
        || message.Contains("cannot open shared object", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name of <paramref name="backend"/>'s provider library on this operating system, or null when it has none.</summary>
    public static string? FileName(BackendInfo backend)
    {
        if (!SeparateLibraries.Contains(backend.Name)) return null;
        var stem = "onnxruntime_providers_" + (backend.Name == "tensorrt-rtx" ? "nv_tensorrt_rtx" : backend.Name);
        return OperatingSystem.IsWindows() ? stem + ".dll" : OperatingSystem.IsMacOS() ? "lib" + stem + ".dylib" : "lib" + stem + ".so";
    }

    /// <summary>
    /// Loads the provider library of <paramref name="backend"/> from the folders ONNX Runtime's own library may sit in,
    /// and returns the loader's reason it cannot be loaded ("libonnxruntime_providers_cuda.so: libcublasLt.so.13: cannot
    /// open ..."), or null when it is not found or loads (then ONNX Runtime's own message is all there is).
    /// </summary>
    public static string? ExplainLoadFailure(BackendInfo backend)
    {
        if (FileName(backend) is not { } file) return null;
        foreach (var directory in CandidateDirectories())
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path)) continue;
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(path));
                return null;
            }
            catch (DllNotFoundException e)
            {
                return $"{file}: {LoaderReason(e.Message)}";
            }
            catch (BadImageFormatException e)
            {
                return $"{file}: {BackendProber.Condense(e.Message)}";
            }
        }

        return null;
    }

    /// <summary>The loader's own last line(s) from a <see cref="DllNotFoundException"/> message, without .NET's advice around them.</summary>
    internal static string LoaderReason(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // .NET lists one line per path it tried; the dependency's name is in the line that is not about the file itself.
        var specific = lines.LastOrDefault(l => l.Contains("cannot open shared object file", StringComparison.Ordinal) && !l.Contains("onnxruntime_providers_", StringComparison.Ordinal))
            ?? lines.LastOrDefault(l => l.Contains("undefined symbol", StringComparison.Ordinal) || l.Contains("version `", StringComparison.Ordinal) || l.Contains("Library not loaded", StringComparison.Ordinal))
            ?? lines.LastOrDefault(l => !l.StartsWith("Unable to load shared library", StringComparison.Ordinal));
        return BackendProber.Condense(specific ?? message);
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        // Where libonnxruntime was loaded from (Linux), then the places .NET probes native libraries of an app.
        if (OperatingSystem.IsLinux() && LoadedOnnxRuntimeDirectory() is { } loaded) yield return loaded;
        var baseDirectory = AppContext.BaseDirectory;
        yield return baseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
    }

    private static string? LoadedOnnxRuntimeDirectory()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && line.EndsWith("/libonnxruntime.so", StringComparison.Ordinal))
                {
                    return Path.GetDirectoryName(line[slash..]);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
