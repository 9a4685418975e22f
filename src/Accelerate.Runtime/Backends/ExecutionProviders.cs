using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>Enables a backend's execution provider on ONNX Runtime session options.</summary>
internal static class ExecutionProviders
{
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

    /// <summary>Whether the .NET API can enable <paramref name="backend"/> at all.</summary>
    public static bool CanAppend(BackendInfo backend) =>
        DedicatedApis.Contains(backend.Name) || GenericNames.ContainsKey(backend.Name);

    /// <summary>Appends <paramref name="backend"/>'s provider (device 0, default settings) to <paramref name="options"/>.</summary>
    public static void Append(SessionOptions options, BackendInfo backend)
    {
        switch (backend.Name)
        {
            case BackendCatalog.Cpu:
                break; // ONNX Runtime always places nodes no other provider took on the CPU provider.
            case "cuda":
                options.AppendExecutionProvider_CUDA(0);
                break;
            case "tensorrt":
                options.AppendExecutionProvider_Tensorrt(0);
                if (BackendDetector.IsAvailable("cuda", out _))
                {
                    options.AppendExecutionProvider_CUDA(0); // nodes TensorRT rejects run on CUDA, not the CPU
                }

                break;
            case "rocm":
                options.AppendExecutionProvider_ROCm(0);
                break;
            case "migraphx":
                options.AppendExecutionProvider_MIGraphX(0);
                break;
            case "openvino":
                options.AppendExecutionProvider_OpenVINO();
                break;
            case "directml":
                // DirectML supports neither memory patterns nor parallel execution.
                options.EnableMemoryPattern = false;
                options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                options.AppendExecutionProvider_DML(0);
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
                options.AppendExecutionProvider("QNN", new Dictionary<string, string>
                {
                    ["backend_path"] = OperatingSystem.IsWindows() ? "QnnHtp.dll" : "libQnnHtp.so",
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
}
