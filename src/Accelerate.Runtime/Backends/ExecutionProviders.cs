using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>Enables a backend's execution provider on ONNX Runtime session options.</summary>
/// <remarks>
/// <para>The provider options each backend gets (<c>N</c> is <see cref="DeviceId"/>: 0, or the value of the
/// <c>ACCELERATE_DEVICE_ID</c> environment variable):</para>
/// <list type="table">
///   <listheader><term>backend</term><description>provider options</description></listheader>
///   <item><term>cpu</term><description>none: ONNX Runtime places every node no other provider took on its CPU provider.</description></item>
///   <item><term>cuda</term><description><c>AppendExecutionProvider_CUDA(N)</c>: device_id = N, otherwise ONNX Runtime's defaults.</description></item>
///   <item><term>tensorrt</term><description><c>AppendExecutionProvider_Tensorrt(N)</c>, then CUDA on device N when the build has it, so nodes TensorRT rejects run on the GPU rather than the CPU.</description></item>
///   <item><term>tensorrt-rtx</term><description>generic <c>NvTensorRtRtx</c> with device_id = N.</description></item>
///   <item><term>rocm</term><description><c>AppendExecutionProvider_ROCm(N)</c>.</description></item>
///   <item><term>migraphx</term><description><c>AppendExecutionProvider_MIGraphX(N)</c>.</description></item>
///   <item><term>directml</term><description><c>AppendExecutionProvider_DML(N)</c>, memory pattern off and sequential execution (DirectML supports neither).</description></item>
///   <item><term>openvino</term><description><c>AppendExecutionProvider_OpenVINO()</c>: OpenVINO's default device (CPU).</description></item>
///   <item><term>coreml</term><description><c>AppendExecutionProvider_CoreML()</c>: default flags.</description></item>
///   <item><term>nnapi</term><description><c>AppendExecutionProvider_Nnapi()</c>: default flags.</description></item>
///   <item><term>dnnl</term><description><c>AppendExecutionProvider_Dnnl(1)</c>: oneDNN's memory arena on.</description></item>
///   <item><term>qnn</term><description>generic <c>QNN</c> with backend_path = <c>QnnHtp.dll</c> / <c>libQnnHtp.so</c> (the Hexagon NPU).</description></item>
///   <item><term>xnnpack, webgpu, azure, vitisai, snpe, webnn</term><description>generic entry point, no options.</description></item>
///   <item><term>acl, armnn, cann, rknpu, vsinpu</term><description>cannot be enabled through ONNX Runtime's .NET API.</description></item>
/// </list>
/// </remarks>
internal static class ExecutionProviders
{
    /// <summary>The environment variable that picks the device for providers that take a device id.</summary>
    public const string DeviceIdVariable = "ACCELERATE_DEVICE_ID";

    // Names accepted by SessionOptions.AppendExecutionProvider(string, ...) (ONNX Runtime's generic C API entry).
    private static readonly Dictionary<string, string> GenericNames = new(StringComparer.Ordinal)
    {
        ["tensorrt-rtx"] = "NvTensorRtRtx",
        ["xnnpack"] = "XNNPACK",
        ["webgpu"] = "WebGPU",
        ["azure"] = "AZURE",
        ["vitisai"] = "VitisAI",
        ["snpe"] = "SNPE",
        ["webnn"] = "WEBNN",
    };

    private static readonly HashSet<string> DedicatedApis =
        ["cpu", "cuda", "tensorrt", "rocm", "migraphx", "openvino", "directml", "coreml", "nnapi", "dnnl", "qnn"];

    // Providers that run on the CPU themselves, or claim only some operators (XNNPACK has no Identity kernel; Azure
    // claims no local nodes): for them a node left to ONNX Runtime's CPU provider is normal, not a sign of failure.
    private static readonly HashSet<string> CpuFallbackIsNormal = ["cpu", "xnnpack", "dnnl", "azure"];

    private static readonly HashSet<string> TakesDeviceId = ["cuda", "tensorrt", "tensorrt-rtx", "rocm", "migraphx", "directml"];

    /// <summary>
    /// The device providers that take a device id use: the value of <c>ACCELERATE_DEVICE_ID</c>, or 0 when it is unset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is set to something other than a non-negative integer.</exception>
    public static int DeviceId
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(DeviceIdVariable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return 0;
            }

            return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new InvalidOperationException($"{DeviceIdVariable}='{text}' is not a device number (0, 1, ...).");
        }
    }

    /// <summary>Whether the .NET API can enable <paramref name="backend"/> at all.</summary>
    public static bool CanAppend(BackendInfo backend) =>
        DedicatedApis.Contains(backend.Name) || GenericNames.ContainsKey(backend.Name);

    /// <summary>
    /// Whether the detector's probe session turns off ONNX Runtime's CPU fallback for <paramref name="backend"/>, so
    /// that a provider which starts but takes no nodes is reported unavailable instead of silently running on the CPU.
    /// </summary>
    public static bool ProbeDisablesCpuFallback(BackendInfo backend) => !CpuFallbackIsNormal.Contains(backend.Name);

    /// <summary>The provider options <see cref="Append"/> gives <paramref name="backend"/>, in one line, for reports.</summary>
    public static string Describe(BackendInfo backend)
    {
        var device = TakesDeviceId.Contains(backend.Name) ? DeviceIdText() : null;
        return backend.Name switch
        {
            BackendCatalog.Cpu => "ONNX Runtime defaults",
            "cuda" or "rocm" or "migraphx" or "tensorrt-rtx" => $"device_id={device}",
            "tensorrt" => $"device_id={device}; CUDA appended after it when the build has it",
            "directml" => $"device_id={device}; memory pattern off; sequential execution",
            "openvino" => "OpenVINO's default device",
            "coreml" or "nnapi" => "default flags",
            "dnnl" => "arena on",
            "qnn" => $"backend_path={QnnBackendPath}",
            _ when GenericNames.ContainsKey(backend.Name) => "ONNX Runtime defaults",
            _ => "cannot be enabled from .NET",
        };
    }

    /// <summary>Appends <paramref name="backend"/>'s provider, with the options listed on this class, to <paramref name="options"/>.</summary>
    public static void Append(SessionOptions options, BackendInfo backend)
    {
        switch (backend.Name)
        {
            case BackendCatalog.Cpu:
                break; // ONNX Runtime always places nodes no other provider took on the CPU provider.
            case "cuda":
                options.AppendExecutionProvider_CUDA(DeviceId);
                break;
            case "tensorrt":
                var device = DeviceId;
                options.AppendExecutionProvider_Tensorrt(device);
                if (BackendDetector.AvailableProviders.Contains("CUDAExecutionProvider"))
                {
                    options.AppendExecutionProvider_CUDA(device); // nodes TensorRT rejects run on CUDA, not the CPU
                }

                break;
            case "rocm":
                options.AppendExecutionProvider_ROCm(DeviceId);
                break;
            case "migraphx":
                options.AppendExecutionProvider_MIGraphX(DeviceId);
                break;
            case "openvino":
                options.AppendExecutionProvider_OpenVINO();
                break;
            case "directml":
                // DirectML supports neither memory patterns nor parallel execution.
                options.EnableMemoryPattern = false;
                options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                options.AppendExecutionProvider_DML(DeviceId);
                break;
            case "coreml":
                options.AppendExecutionProvider_CoreML();
                break;
            case "nnapi":
                options.AppendExecutionProvider_Nnapi();
                break;
            case "dnnl":
                options.AppendExecutionProvider_Dnnl(1);
                break;
            case "qnn":
                options.AppendExecutionProvider("QNN", new Dictionary<string, string> { ["backend_path"] = QnnBackendPath });
                break;
            case "tensorrt-rtx":
                options.AppendExecutionProvider(GenericNames[backend.Name], new Dictionary<string, string>
                {
                    ["device_id"] = DeviceId.ToString(CultureInfo.InvariantCulture),
                });
                break;
            default:
                if (!GenericNames.TryGetValue(backend.Name, out var generic))
                {
                    throw new NotSupportedException($"{backend.ProviderName} cannot be enabled through ONNX Runtime's .NET API.");
                }

                options.AppendExecutionProvider(generic, new Dictionary<string, string>());
                break;
        }
    }

    private static string QnnBackendPath => OperatingSystem.IsWindows() ? "QnnHtp.dll" : "libQnnHtp.so";

    private static string DeviceIdText()
    {
        try
        {
            return DeviceId.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return $"invalid ({DeviceIdVariable}='{Environment.GetEnvironmentVariable(DeviceIdVariable)}')";
        }
    }
}
