namespace Accelerate.Runtime.Tests.Backends;

/// <summary>Detection logic against injected provider lists and trial sessions (no hardware involved).</summary>
public sealed class BackendProberTests
{
    private const string MissingCudaRuntime = "libcudart.so.12: cannot open shared object file: No such file or directory";

    [Fact]
    public void CudaInTheBuildAndASessionThatStartsIsAvailable()
    {
        var machine = new FakeMachine("CUDAExecutionProvider");

        var status = machine.CreateProber().Probe("cuda");

        Assert.Equal(new BackendStatus("cuda", "CUDAExecutionProvider", true, ""), status);
        Assert.Equal(["cuda"], machine.SessionAttempts);
    }

    [Fact]
    public void CudaInTheBuildButASessionThatThrowsIsUnavailableWithTheError()
    {
        var machine = new FakeMachine("CUDAExecutionProvider")
            .SessionThrows("cuda", new InvalidOperationException(MissingCudaRuntime));

        var status = machine.CreateProber().Probe("cuda");

        Assert.False(status.IsAvailable);
        Assert.Equal($"CUDAExecutionProvider failed to start: {MissingCudaRuntime}", status.Reason);
    }

    [Fact]
    public void OnnxRuntimeErrorsAreCondensedToTheirMessageOnOneLine()
    {
        var error = new InvalidOperationException(
            "[ErrorCode:RuntimeException] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1778 "
            + "onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : "
            + "Failed to load library libonnxruntime_providers_cuda.so with error:\n    " + MissingCudaRuntime + "\n");
        var machine = new FakeMachine("CUDAExecutionProvider").SessionThrows("cuda", new TypeInitializationException("Native", error));

        var status = machine.CreateProber().Probe("cuda");

        Assert.Equal(
            $"CUDAExecutionProvider failed to start: Failed to load library libonnxruntime_providers_cuda.so with error: {MissingCudaRuntime}",
            status.Reason);
        Assert.DoesNotContain('\n', status.Reason);
    }

    [Fact]
    public void ASessionThatReportsAFailureIsUnavailable()
    {
        var machine = new FakeMachine("TensorrtExecutionProvider", "CUDAExecutionProvider")
            .SessionFails("tensorrt", "[ErrorCode:Fail] TensorRT EP could not create a builder: no CUDA-capable device is detected");

        var status = machine.CreateProber().Probe("tensorrt");

        Assert.False(status.IsAvailable);
        Assert.Equal("TensorrtExecutionProvider failed to start: TensorRT EP could not create a builder: no CUDA-capable device is detected", status.Reason);
    }

    [Fact]
    public void AProviderThatLeavesTheProbeNodeToTheCpuIsUnavailable()
    {
        var machine = new FakeMachine("CUDAExecutionProvider").SessionThrows("cuda", new InvalidOperationException(
            "[ErrorCode:Fail] This session contains graph nodes that are assigned to the default CPU EP, but fallback to CPU EP has been explicitly disabled by the user."));

        var status = machine.CreateProber().Probe("cuda");

        Assert.False(status.IsAvailable);
        Assert.Equal("CUDAExecutionProvider started but took none of the probe model's nodes (Identity), so models would silently run on the CPU", status.Reason);
    }

    [Theory]
    [InlineData("cuda", "CUDAExecutionProvider is not in this ONNX Runtime build (builds that have it: the Microsoft.ML.OnnxRuntime.Gpu package; with Accelerate.Build, set AccelerateOnnxRuntime=cuda)")]
    [InlineData("coreml", "CoreMLExecutionProvider is not in this ONNX Runtime build (builds that have it: the Microsoft.ML.OnnxRuntime package on macOS and iOS)")]
    [InlineData("webgpu", "WebGpuExecutionProvider is not in this ONNX Runtime build")]
    public void AProviderNotInTheBuildIsUnavailableWithoutTryingASession(string backend, string reason)
    {
        var machine = new FakeMachine();

        var status = machine.CreateProber().Probe(backend);

        Assert.False(status.IsAvailable);
        Assert.Equal(reason, status.Reason);
        Assert.Empty(machine.SessionAttempts);
    }

    [Fact]
    public void AProviderTheDotNetApiCannotEnableIsUnavailableWithoutTryingASession()
    {
        var machine = new FakeMachine("ACLExecutionProvider");

        var status = machine.CreateProber().Probe("acl");

        Assert.False(status.IsAvailable);
        Assert.Equal("ACLExecutionProvider is in this ONNX Runtime build, but its .NET API offers no way to enable it", status.Reason);
        Assert.Empty(machine.SessionAttempts);
    }

    [Fact]
    public void AnUnknownNameIsUnavailableAndListsTheKnownOnes()
    {
        var machine = new FakeMachine();

        var status = machine.CreateProber().Probe("gpu");

        Assert.Equal("gpu", status.Name);
        Assert.Equal("", status.ProviderName);
        Assert.False(status.IsAvailable);
        Assert.StartsWith("'gpu' is not a known backend (known: cpu, cuda, tensorrt, ", status.Reason);
        Assert.Empty(machine.SessionAttempts);
    }

    [Fact]
    public void EachBackendIsProbedOnceWhateverItIsCalled()
    {
        var machine = new FakeMachine("CUDAExecutionProvider");
        var prober = machine.CreateProber();

        var statuses = new[] { prober.Probe("cuda"), prober.Probe("CUDA"), prober.Probe("CUDAExecutionProvider") };

        Assert.Equal(["cuda"], machine.SessionAttempts);
        Assert.All(statuses, s => Assert.Equal("cuda", s.Name));
    }

    [Fact]
    public void ProbeAllCoversTheCatalogueInOrder()
    {
        var machine = new FakeMachine("CUDAExecutionProvider").SessionThrows("cuda", new DllNotFoundException(MissingCudaRuntime));

        var statuses = machine.CreateProber().ProbeAll();

        Assert.Equal(BackendCatalog.All.Select(b => b.Name), statuses.Select(s => s.Name));
        Assert.Equal(BackendCatalog.All.Select(b => b.ProviderName), statuses.Select(s => s.ProviderName));
        Assert.Equal(["cpu"], statuses.Where(s => s.IsAvailable).Select(s => s.Name));
        Assert.All(statuses, s => Assert.Equal(s.IsAvailable, s.Reason.Length == 0));
        Assert.Equal(["cpu", "cuda"], machine.SessionAttempts);
    }

    [Fact]
    public void ProviderListIsReadOnce()
    {
        var reads = 0;
        var prober = new BackendProber(() => { reads++; return ["CPUExecutionProvider"]; }, _ => null);

        prober.ProbeAll();
        prober.Probe("nosuch");

        Assert.Equal(1, reads);
    }

    [Fact]
    public void LongMessagesAreCut()
    {
        var reason = BackendProber.Condense(new string('x', 5000));

        Assert.Equal(400, reason.Length);
        Assert.EndsWith("…", reason);
    }

    [Fact]
    public void A_provider_library_that_cannot_load_gets_the_loaders_reason_for_the_missing_dependency()
    {
        var explained = new List<string>();
        var prober = new BackendProber(() => ["CPUExecutionProvider", "CUDAExecutionProvider"],
            _ => "OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library",
            b => { explained.Add(b.Name); return "libonnxruntime_providers_cuda.so: libcublasLt.so.13: cannot open shared object file: No such file or directory"; });

        var status = prober.Probe("cuda");

        Assert.Equal("CUDAExecutionProvider failed to start: OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library "
            + "(libonnxruntime_providers_cuda.so: libcublasLt.so.13: cannot open shared object file: No such file or directory)", status.Reason);
        Assert.Equal(["cuda"], explained);
    }

    [Fact]
    public void Other_failures_are_not_explained_by_loading_the_library()
    {
        var explained = 0;
        var prober = new BackendProber(() => ["CPUExecutionProvider", "CUDAExecutionProvider"], _ => "no CUDA-capable device is detected", _ => { explained++; return "x"; });

        Assert.Equal("CUDAExecutionProvider failed to start: no CUDA-capable device is detected", prober.Probe("cuda").Reason);
        Assert.Equal(0, explained);
    }

    [Fact]
    public void The_loaders_reason_is_the_dependency_line_of_dotnets_message()
    {
        const string message = "Unable to load shared library '/app/libonnxruntime_providers_cuda.so' or one of its dependencies. In order to help diagnose "
            + "loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n"
            + "/app/libonnxruntime_providers_cuda.so: cannot open shared object file: No such file or directory\n"
            + "libcublasLt.so.13: cannot open shared object file: No such file or directory\n";

        Assert.Equal("libcublasLt.so.13: cannot open shared object file: No such file or directory", ProviderLibraries.LoaderReason(message));
    }

    [Theory]
    [InlineData("cuda", "libonnxruntime_providers_cuda.so")]
    [InlineData("tensorrt", "libonnxruntime_providers_tensorrt.so")]
    [InlineData("cpu", null)]
    [InlineData("coreml", null)]
    public void Provider_library_names_on_Linux(string backend, string? file)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Linux file names");
        Assert.Equal(file, ProviderLibraries.FileName(BackendCatalog.Find(backend)!));
    }
}
