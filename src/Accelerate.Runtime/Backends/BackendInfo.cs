namespace Accelerate.Runtime;

/// <summary>An ONNX Runtime execution provider under the short name manifests and options use.</summary>
/// <param name="Name">The short, lower-case name, e.g. <c>cuda</c>.</param>
/// <param name="ProviderName">The execution provider name exactly as ONNX Runtime reports it, e.g. <c>CUDAExecutionProvider</c>.</param>
/// <param name="Description">What hardware it targets, in one line.</param>
public sealed record BackendInfo(string Name, string ProviderName, string Description)
{
    /// <summary>The NuGet package whose ONNX Runtime build includes this provider, where one exists.</summary>
    public string? Package { get; init; }

    /// <summary>
    /// The operating systems on which <see cref="Package"/> includes this provider, e.g. <c>macOS and iOS</c>;
    /// <see langword="null"/> when the package has it wherever it runs.
    /// </summary>
    public string? Platforms { get; init; }

    /// <summary>
    /// The value of the AccelerateOnnxRuntime MSBuild property that brings a native build with this provider
    /// (e.g. <c>cuda</c>); <see langword="null"/> when Accelerate.Build offers none.
    /// </summary>
    public string? OnnxRuntimeBuild { get; init; }
}
