using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime.Tests.Backends;

/// <summary>The detector on this real machine: the CPU-only ONNX Runtime package, no GPU.</summary>
public sealed class BackendDetectorTests
{
    [Fact]
    public void CpuIsAvailable()
    {
        Assert.Contains("CPUExecutionProvider", BackendDetector.AvailableProviders);
        Assert.True(BackendDetector.IsAvailable("cpu", out var reason));
        Assert.Empty(reason);
        Assert.Contains(BackendDetector.AvailableBackends, b => b.Name == "cpu");
        Assert.Equal(new BackendStatus("cpu", "CPUExecutionProvider", true, ""), BackendDetector.Probe("cpu"));
    }

    [Fact]
    public void CudaIsNotInTheCpuBuild()
    {
        // The test projects reference Microsoft.ML.OnnxRuntime, the CPU-only build.
        var status = BackendDetector.Probe("cuda");

        Assert.False(status.IsAvailable);
        Assert.Equal("CUDAExecutionProvider is not in this ONNX Runtime build (builds that have it: the Microsoft.ML.OnnxRuntime.Gpu package; with Accelerate.Build, set AccelerateOnnxRuntime=cuda)", status.Reason);
        Assert.False(BackendDetector.IsAvailable("cuda", out var reason));
        Assert.Equal(status.Reason, reason);
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        Assert.False(BackendDetector.IsAvailable("gpu", out var reason));
        Assert.Contains("'gpu' is not a known backend", reason);
        Assert.Contains("cuda", reason);
    }

    [Fact]
    public void ProbeAllCoversTheCatalogueAndAgreesWithProbe()
    {
        var statuses = BackendDetector.ProbeAll();

        Assert.Equal(BackendCatalog.All.Select(b => b.Name), statuses.Select(s => s.Name));
        Assert.All(statuses, s =>
        {
            Assert.Equal(BackendDetector.Probe(s.Name), s);
            Assert.Equal(s.IsAvailable, s.Reason.Length == 0);
            Assert.DoesNotContain('\n', s.Reason);
        });
        Assert.Equal(BackendDetector.AvailableBackends.Select(b => b.Name), statuses.Where(s => s.IsAvailable).Select(s => s.Name));
    }

    [Fact]
    public void TheProbeModelIsAValidOneNodeModel()
    {
        using var session = new InferenceSession(ProbeModel.Bytes);

        Assert.Equal(["x"], session.InputNames);
        Assert.Equal(["y"], session.OutputNames);
        Assert.Equal([1], session.InputMetadata["x"].Dimensions);
        Assert.Equal(typeof(float), session.InputMetadata["x"].ElementType);
    }

    [Fact]
    public void DisablingCpuFallbackCatchesAProviderThatTakesNoNodes()
    {
        // The probe relies on this ONNX Runtime behaviour: with session.disable_cpu_ep_fallback=1, a session whose nodes
        // all end up on the CPU provider fails to start. Here no provider is appended, so the Identity node goes to the CPU.
        using var options = new SessionOptions();
        options.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");

        var error = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(ProbeModel.Bytes, options));

        Assert.Contains(BackendProber.CpuFallbackDisabledMessage, error.Message);
        Assert.StartsWith("CUDAExecutionProvider started but took none", BackendProber.FailedToStartReason(BackendCatalog.Find("cuda")!, error.Message));
    }

    [Fact]
    public void OnlyProvidersThatShouldTakeTheProbeNodeLoseTheCpuFallback()
    {
        Assert.False(ExecutionProviders.ProbeDisablesCpuFallback(BackendCatalog.Find("cpu")!));
        Assert.False(ExecutionProviders.ProbeDisablesCpuFallback(BackendCatalog.Find("xnnpack")!)); // has no Identity kernel
        Assert.True(ExecutionProviders.ProbeDisablesCpuFallback(BackendCatalog.Find("cuda")!));
        Assert.True(ExecutionProviders.ProbeDisablesCpuFallback(BackendCatalog.Find("directml")!));
    }
}
