namespace Accelerate.Build.Tasks.OnnxRuntime;

/// <summary>
/// The native ONNX Runtime builds a project can choose with the AccelerateOnnxRuntime property, and the NuGet package
/// that holds each build's native libraries on each operating system (docs/reference/backends.md has the table).
/// Accelerate.Runtime references only Microsoft.ML.OnnxRuntime.Managed; the build copies one of these beside the app.
/// </summary>
public static class OnnxRuntimeBuilds
{
    /// <summary>The CPU build (CPU provider; CoreML on macOS): the default.</summary>
    public const string Cpu = "cpu";

    /// <summary>The NVIDIA build: CUDA and TensorRT providers, CPU for the rest.</summary>
    public const string Cuda = "cuda";

    /// <summary>No native build from Accelerate.Build: the project references one itself.</summary>
    public const string None = "none";

    /// <summary>Every value the property accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Cpu, Cuda, None];

    /// <summary>Names people reach for, with what to write instead.</summary>
    internal static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpu"] = "'cuda' (the NVIDIA build; it holds the CUDA and TensorRT providers)",
        ["tensorrt"] = "'cuda' (the NVIDIA build holds the TensorRT provider too)",
        ["trt"] = "'cuda' (the NVIDIA build holds the TensorRT provider too)",
        ["nvidia"] = "'cuda'",
        ["directml"] = "'none' plus AccelerateOnnxRuntimePackage=Microsoft.ML.OnnxRuntime.DirectML and its AccelerateOnnxRuntimeVersion",
        ["openvino"] = "'none' plus AccelerateOnnxRuntimePackage=Intel.ML.OnnxRuntime.OpenVino and its AccelerateOnnxRuntimeVersion",
        ["qnn"] = "'none' plus AccelerateOnnxRuntimePackage=Microsoft.ML.OnnxRuntime.QNN and its AccelerateOnnxRuntimeVersion",
    };

    /// <summary>The package and default version of <paramref name="build"/> for an operating system ("linux", "win", "osx").</summary>
    /// <returns>The package, or <see langword="null"/> when the build has no package for that system.</returns>
    public static (string Id, string Version)? PackageFor(string build, string operatingSystem) => (build, operatingSystem) switch
    {
        (Cpu, _) => ("Microsoft.ML.OnnxRuntime", "1.31.1"),
        (Cuda, "linux") => ("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0"),
        (Cuda, "win") => ("Microsoft.ML.OnnxRuntime.Gpu.Windows", "1.31.0"),
        _ => null,
    };

    /// <summary>
    /// The operating system and architecture of a runtime identifier: "linux-x64" → ("linux", "x64"),
    /// "ubuntu.22.04-arm64" → ("linux", "arm64"), "win10-x64" → ("win", "x64"), "osx.14-arm64" → ("osx", "arm64").
    /// </summary>
    public static (string OperatingSystem, string Architecture) Platform(string runtimeIdentifier)
    {
        var rid = runtimeIdentifier.Trim().ToLowerInvariant();
        var dash = rid.LastIndexOf('-');
        var architecture = dash >= 0 ? rid.Substring(dash + 1) : "";
        var system = dash >= 0 ? rid.Substring(0, dash) : rid;
        string os = system.StartsWith("win", StringComparison.Ordinal) ? "win"
            : system.StartsWith("osx", StringComparison.Ordinal) || system.StartsWith("macos", StringComparison.Ordinal) ? "osx"
            : system.StartsWith("linux-musl", StringComparison.Ordinal) || system.StartsWith("alpine", StringComparison.Ordinal) ? "linux-musl"
            : system is "android" or "ios" or "iossimulator" or "maccatalyst" or "browser" or "wasi" ? system
            : "linux";
        return (os, architecture);
    }

    /// <summary>The folder name NuGet packages use for the natives of a platform ("linux-x64").</summary>
    public static string NativeFolder(string runtimeIdentifier)
    {
        var (os, architecture) = Platform(runtimeIdentifier);
        return os + "-" + architecture;
    }

    /// <summary>Whether a file of a package's runtimes/&lt;rid&gt;/native folder is a library the process loads (not an import library or header).</summary>
    public static bool IsLoadableLibrary(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        return name.EndsWith(".dll", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal)
            || name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.");
    }

    /// <summary>Whether a file is ONNX Runtime's main native library, the one two builds would overwrite in one folder.</summary>
    public static bool IsOnnxRuntimeLibrary(string fileName) =>
        string.Equals(fileName, "onnxruntime.dll", StringComparison.OrdinalIgnoreCase)
        || string.Equals(fileName, "libonnxruntime.so", StringComparison.Ordinal)
        || string.Equals(fileName, "libonnxruntime.dylib", StringComparison.Ordinal);
}
