using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>Tells which backends work on this machine, and why the others do not.</summary>
/// <remarks>
/// <para>Probing a backend (<see cref="Probe"/>), in order:</para>
/// <list type="number">
///   <item>look its name up in <see cref="BackendCatalog"/> (unknown: "'gpu' is not a known backend (known: ...)");</item>
///   <item>check that ONNX Runtime's available providers include it ("CUDAExecutionProvider is not in this ONNX Runtime
///   build (builds that have it: the Microsoft.ML.OnnxRuntime.Gpu package; with Accelerate.Build, set AccelerateOnnxRuntime=cuda)");</item>
///   <item>check that ONNX Runtime's .NET API can enable it;</item>
///   <item>create a session with the provider (options as <see cref="ExecutionProviders"/> documents, device from
///   <c>ACCELERATE_DEVICE_ID</c>) on a one-node model built in memory, with ONNX Runtime's CPU fallback turned off
///   where the provider should take that node, and run it once. Any failure makes the backend unavailable with the
///   error condensed to one line, e.g. "CUDAExecutionProvider failed to start: ... libcudart.so.12: cannot open shared
///   object file: No such file or directory".</item>
/// </list>
/// <para>Results are cached for the life of the process. <see cref="ModelSession.Open(string, IReadOnlyList{string}, AccelerateSessionOptions?)"/> uses the same results, so a
/// reason reads the same in a session's fallback reasons, a skipped test and the hardware report.</para>
/// </remarks>
public static class BackendDetector
{
    /// <summary>The environment variable that picks the device (0, 1, ...) for providers that take a device id.</summary>
    public const string DeviceIdVariable = ExecutionProviders.DeviceIdVariable;

    private static readonly Lazy<BackendProber> RealProber = new(BackendProber.CreateReal);

    /// <summary>The execution provider names this ONNX Runtime build reports, e.g. <c>CPUExecutionProvider</c>.</summary>
    public static IReadOnlyList<string> AvailableProviders => Prober.AvailableProviders;

    /// <summary>The catalogue entries that <see cref="Probe"/> finds available, in catalogue order.</summary>
    public static IReadOnlyList<BackendInfo> AvailableBackends =>
        ProbeAll().Where(s => s.IsAvailable).Select(s => BackendCatalog.Find(s.Name)!).ToList();

    /// <summary>The version of the ONNX Runtime native library this process loaded, e.g. <c>1.31.1</c>.</summary>
    public static string OnnxRuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>The prober over the real machine that every static member uses.</summary>
    internal static BackendProber Prober => RealProber.Value;

    /// <summary>Whether <paramref name="backendName"/> works on this machine (see <see cref="Probe"/>).</summary>
    /// <param name="backendName">A short name from <see cref="BackendCatalog"/>, e.g. <c>cuda</c>.</param>
    /// <param name="reason">Why not, e.g. "CUDAExecutionProvider is not in this ONNX Runtime build ..."; empty when available.</param>
    /// <returns><see langword="true"/> when a session with the backend's provider was created and ran.</returns>
    public static bool IsAvailable(string backendName, out string reason)
    {
        var status = Probe(backendName);
        reason = status.Reason;
        return status.IsAvailable;
    }

    /// <summary>Probes one backend on this machine; the result is cached for the life of the process.</summary>
    /// <param name="backendName">A short name (any case), e.g. <c>cuda</c>, or a provider name such as <c>CUDAExecutionProvider</c>.</param>
    /// <returns>The status; for a name not in the catalogue, an unavailable status with an empty provider name.</returns>
    public static BackendStatus Probe(string backendName)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        return Prober.Probe(backendName);
    }

    /// <summary>Probes every backend of <see cref="BackendCatalog.All"/>, in catalogue order (cached like <see cref="Probe"/>).</summary>
    /// <returns>One status per catalogue backend.</returns>
    public static IReadOnlyList<BackendStatus> ProbeAll() => Prober.ProbeAll();
}
