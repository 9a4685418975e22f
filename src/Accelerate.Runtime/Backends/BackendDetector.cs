using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>Tells which backends the ONNX Runtime build loaded by this process contains.</summary>
/// <remarks>
/// A provider being in the build does not prove the hardware or its drivers are present: that shows only when a
/// session is created, which <see cref="ModelSession.Open"/> handles by recording the failure and moving on.
/// </remarks>
public static class BackendDetector
{
    private static readonly Lazy<IReadOnlyList<string>> Providers =
        new(() => OrtEnv.Instance().GetAvailableProviders());

    /// <summary>The execution provider names this ONNX Runtime build reports, e.g. <c>CPUExecutionProvider</c>.</summary>
    public static IReadOnlyList<string> AvailableProviders => Providers.Value;

    /// <summary>The catalogue entries whose providers are in this build and can be enabled from .NET.</summary>
    public static IReadOnlyList<BackendInfo> AvailableBackends =>
        BackendCatalog.All.Where(b => IsAvailable(b.Name, out _)).ToList();

    /// <summary>Whether <paramref name="backendName"/> can be used with this ONNX Runtime build.</summary>
    /// <param name="backendName">A short name from <see cref="BackendCatalog"/>, e.g. <c>cuda</c>.</param>
    /// <param name="reason">Why not, e.g. "CUDAExecutionProvider is not in this ONNX Runtime build ..."; empty when available.</param>
    /// <returns><see langword="true"/> when the provider is in this build and can be enabled.</returns>
    public static bool IsAvailable(string backendName, out string reason)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        var backend = BackendCatalog.Find(backendName);
        if (backend is null)
        {
            reason = $"'{backendName}' is not a known backend (known: {string.Join(", ", BackendCatalog.All.Select(b => b.Name))})";
            return false;
        }

        if (!AvailableProviders.Contains(backend.ProviderName))
        {
            reason = backend.Package is null
                ? $"{backend.ProviderName} is not in this ONNX Runtime build"
                : $"{backend.ProviderName} is not in this ONNX Runtime build (builds that have it: the {backend.Package} package)";
            return false;
        }

        if (!ExecutionProviders.CanAppend(backend))
        {
            reason = $"{backend.ProviderName} is in this ONNX Runtime build, but its .NET API offers no way to enable it";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
