namespace Accelerate.Runtime;

/// <summary>Every execution provider ONNX Runtime knows, under the short names manifests use.</summary>
public static class BackendCatalog
{
    /// <summary>The short name of the CPU backend, the one every ONNX Runtime build has.</summary>
    public const string Cpu = "cpu";

    /// <summary>All backends, the commonly used ones first.</summary>
    public static IReadOnlyList<BackendInfo> All { get; } =
    [
        new(Cpu, "CPUExecutionProvider", "ONNX Runtime's own CPU kernels; in every build") { Package = "Microsoft.ML.OnnxRuntime", OnnxRuntimeBuild = "cpu" },
        new("cuda", "CUDAExecutionProvider", "NVIDIA GPUs through CUDA and cuDNN") { Package = "Microsoft.ML.OnnxRuntime.Gpu", OnnxRuntimeBuild = "cuda" },
        new("tensorrt", "TensorrtExecutionProvider", "NVIDIA GPUs through TensorRT engines, CUDA for unsupported nodes") { Package = "Microsoft.ML.OnnxRuntime.Gpu", OnnxRuntimeBuild = "cuda" },
        new("tensorrt-rtx", "NvTensorRTRTXExecutionProvider", "NVIDIA RTX GPUs through TensorRT for RTX"),
        new("rocm", "ROCMExecutionProvider", "AMD GPUs through ROCm (dropped by recent ONNX Runtime releases in favour of MIGraphX)"),
        new("migraphx", "MIGraphXExecutionProvider", "AMD GPUs through MIGraphX"),
        new("openvino", "OpenVINOExecutionProvider", "Intel CPUs, GPUs and NPUs through OpenVINO") { Package = "Intel.ML.OnnxRuntime.OpenVino" },
        new("directml", "DmlExecutionProvider", "DirectX 12 GPUs on Windows") { Package = "Microsoft.ML.OnnxRuntime.DirectML", Platforms = "Windows" },
        new("coreml", "CoreMLExecutionProvider", "Apple Neural Engine, GPU and CPU through Core ML (macOS, iOS)") { Package = "Microsoft.ML.OnnxRuntime", Platforms = "macOS and iOS", OnnxRuntimeBuild = "cpu" },
        new("qnn", "QNNExecutionProvider", "Qualcomm NPUs through the QNN SDK") { Package = "Microsoft.ML.OnnxRuntime.QNN" },
        new("xnnpack", "XnnpackExecutionProvider", "XNNPACK's optimised CPU kernels (Arm, x86, WebAssembly)"),
        new("webgpu", "WebGpuExecutionProvider", "GPUs through WebGPU (Dawn)"),
        new("nnapi", "NnapiExecutionProvider", "Android Neural Networks API") { Package = "Microsoft.ML.OnnxRuntime", Platforms = "Android" },
        new("dnnl", "DnnlExecutionProvider", "Intel oneDNN CPU kernels"),
        new("acl", "ACLExecutionProvider", "Arm Compute Library on Arm CPUs and GPUs"),
        new("armnn", "ArmNNExecutionProvider", "Arm NN on Arm CPUs and GPUs"),
        new("cann", "CANNExecutionProvider", "Huawei Ascend NPUs through CANN"),
        new("azure", "AzureExecutionProvider", "Remote inference on Azure endpoints"),
        new("vitisai", "VitisAIExecutionProvider", "AMD Ryzen AI and Xilinx NPUs through Vitis AI"),
        new("snpe", "SNPEExecutionProvider", "Qualcomm Snapdragon Neural Processing Engine"),
        new("rknpu", "RknpuExecutionProvider", "Rockchip NPUs"),
        new("vsinpu", "VSINPUExecutionProvider", "VeriSilicon NPUs"),
        new("webnn", "WebNNExecutionProvider", "The browser's Web Neural Network API"),
    ];

    /// <summary>Finds a backend by its short name (case-insensitive) or its ONNX Runtime provider name.</summary>
    /// <param name="name">A short name such as <c>cuda</c>, or a provider name such as <c>CUDAExecutionProvider</c>.</param>
    /// <returns>The backend, or <see langword="null"/> if no backend has that name.</returns>
    public static BackendInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var backend in All)
        {
            if (string.Equals(backend.Name, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(backend.ProviderName, name, StringComparison.Ordinal))
            {
                return backend;
            }
        }

        return null;
    }
}
