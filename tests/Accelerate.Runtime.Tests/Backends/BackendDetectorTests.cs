namespace Accelerate.Runtime.Tests.Backends;

public sealed class BackendDetectorTests
{
    [Fact]
    public void CpuIsAvailable()
    {
        Assert.Contains("CPUExecutionProvider", BackendDetector.AvailableProviders);
        Assert.True(BackendDetector.IsAvailable("cpu", out var reason));
        Assert.Empty(reason);
        Assert.Contains(BackendDetector.AvailableBackends, b => b.Name == "cpu");
    }

    [Fact]
    public void CudaIsNotInTheCpuBuild()
    {
        // The test projects reference Microsoft.ML.OnnxRuntime, the CPU-only build.
        Assert.False(BackendDetector.IsAvailable("cuda", out var reason));
        Assert.StartsWith("CUDAExecutionProvider is not in this ONNX Runtime build", reason);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", reason);
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        Assert.False(BackendDetector.IsAvailable("gpu", out var reason));
        Assert.Contains("'gpu' is not a known backend", reason);
        Assert.Contains("cuda", reason);
    }
}
