namespace Accelerate.Runtime.Tests.Backends;

/// <summary>How <see cref="ModelSession.Open"/> uses the detector and the backend selection (injected, so no hardware and no environment).</summary>
public sealed class ModelSessionDetectionTests
{
    [Fact]
    public void AnEpThatThrowsOnSessionCreationIsSkippedWithTheDetectorsReason()
    {
        var machine = new FakeMachine("CUDAExecutionProvider")
            .SessionThrows("cuda", new InvalidOperationException("libcudart.so.12: cannot open shared object file: No such file or directory"));
        var prober = machine.CreateProber();

        using var session = ModelSession.Open(ProbeModelFile.Path, ["cuda", "cpu"], null, BackendSelection.Unrestricted, prober);

        Assert.Equal("cpu", session.Backend);
        Assert.Equal([$"cuda: {prober.Probe("cuda").Reason}"], session.FallbackReasons);
        Assert.Equal("cuda: CUDAExecutionProvider failed to start: libcudart.so.12: cannot open shared object file: No such file or directory", session.FallbackReasons[0]);
    }

    [Fact]
    public void AnExcludedBackendIsNotProbed()
    {
        var machine = new FakeMachine("CUDAExecutionProvider");

        using var session = ModelSession.Open(ProbeModelFile.Path, ["cuda", "cpu"], null, BackendSelection.Parse("cpu", null), machine.CreateProber());

        Assert.Equal("cpu", session.Backend);
        Assert.Equal(["cuda: excluded by ACCELERATE_BACKENDS=cpu"], session.FallbackReasons);
        Assert.Equal(["cpu"], machine.SessionAttempts);
    }

    [Fact]
    public void ARequiredBackendThatIsAbsentFailsInsteadOfFallingBack()
    {
        var machine = new FakeMachine();

        var error = Assert.Throws<BackendUnavailableException>(() =>
            ModelSession.Open(ProbeModelFile.Path, ["cuda", "cpu"], null, BackendSelection.Parse(null, "cuda"), machine.CreateProber()));

        var reason = Assert.Single(error.Reasons);
        Assert.Equal(
            "cuda: CUDAExecutionProvider is not in this ONNX Runtime build (builds that have it: the Microsoft.ML.OnnxRuntime.Gpu package; with Accelerate.Build, set AccelerateOnnxRuntime=cuda) (required by ACCELERATE_REQUIRE_BACKENDS=cuda, so there is no fallback)",
            reason);
        Assert.Contains(reason, error.Message);
        Assert.Empty(machine.SessionAttempts);
    }

    [Fact]
    public void ARequiredBackendThatProbesWellButCannotLoadTheModelFails()
    {
        // The fake says CUDA works; the real CPU-only ONNX Runtime then cannot append it for the model's session.
        var machine = new FakeMachine("CUDAExecutionProvider");

        var error = Assert.Throws<BackendUnavailableException>(() =>
            ModelSession.Open(ProbeModelFile.Path, ["cuda", "cpu"], null, BackendSelection.Parse(null, "cuda"), machine.CreateProber()));

        Assert.StartsWith("cuda: CUDAExecutionProvider failed to start: ", Assert.Single(error.Reasons));
        Assert.EndsWith("(required by ACCELERATE_REQUIRE_BACKENDS=cuda, so there is no fallback)", error.Reasons[0]);
    }

    [Fact]
    public void AnExcludedCpuIsNotUsedAsTheFallback()
    {
        var machine = new FakeMachine();

        var error = Assert.Throws<BackendUnavailableException>(() =>
            ModelSession.Open(ProbeModelFile.Path, ["cuda"], null, BackendSelection.Parse("cuda", null), machine.CreateProber()));

        Assert.Equal(2, error.Reasons.Count);
        Assert.StartsWith("cuda: CUDAExecutionProvider is not in this ONNX Runtime build", error.Reasons[0]);
        Assert.Equal("cpu: excluded by ACCELERATE_BACKENDS=cuda", error.Reasons[1]);
        Assert.Empty(machine.SessionAttempts);
    }

    [Fact]
    public void ARequiredBackendThatIsNeverTriedDoesNotFailTheSession()
    {
        // "Required" means "must work when used", not "must be in every model's list".
        using var session = ModelSession.Open(ProbeModelFile.Path, ["cpu"], null, BackendSelection.Parse(null, "cuda"), new FakeMachine().CreateProber());

        Assert.Equal("cpu", session.Backend);
    }
}
