namespace Accelerate.Runtime.Tests.Backends;

/// <summary>Tests that set process environment variables: they run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariableCollection
{
    public const string Name = "Accelerate environment variables";
}

/// <summary>Sets environment variables for one test and restores the previous values.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = new(StringComparer.Ordinal);

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

[Collection(EnvironmentVariableCollection.Name)]
public sealed class EnvironmentVariableTests
{
    private const string Allowed = BackendSelection.AllowedVariable;
    private const string Required = BackendSelection.RequiredVariable;

    [Fact]
    public void FromEnvironmentReadsBothVariables()
    {
        using (new EnvironmentScope((Allowed, "CPU;cuda"), (Required, "cpu")))
        {
            var selection = BackendSelection.FromEnvironment();

            Assert.Equal(["cpu", "cuda"], selection.Allowed);
            Assert.Equal(["cpu"], selection.Required);
        }

        using (new EnvironmentScope((Allowed, null), (Required, null)))
        {
            Assert.Null(BackendSelection.FromEnvironment().Allowed);
            Assert.Empty(BackendSelection.FromEnvironment().Required);
        }
    }

    [Fact]
    public void ModelSessionSkipsBackendsTheVariableExcludes()
    {
        using var scope = new EnvironmentScope((Allowed, "cpu"), (Required, null));

        using var session = ModelSession.Open(ProbeModelFile.Path, ["cuda", "cpu"]);

        Assert.Equal("cpu", session.Backend);
        Assert.Equal(["cuda: excluded by ACCELERATE_BACKENDS=cpu"], session.FallbackReasons);
    }

    [Fact]
    public void ModelSessionDoesNotFallBackToAnExcludedCpu()
    {
        using var scope = new EnvironmentScope((Allowed, "cuda"), (Required, null));

        var error = Assert.Throws<BackendUnavailableException>(() => ModelSession.Open(ProbeModelFile.Path, ["cpu"]));

        Assert.Equal(["cpu: excluded by ACCELERATE_BACKENDS=cuda"], error.Reasons);
    }

    [Fact]
    public void ARequiredBackendThatIsAbsentMakesOpenThrowWithTheDetectorsReason()
    {
        using var scope = new EnvironmentScope((Allowed, null), (Required, "cuda"));

        var error = Assert.Throws<BackendUnavailableException>(() => ModelSession.Open(ProbeModelFile.Path, ["cuda", "cpu"]));

        var reason = Assert.Single(error.Reasons);
        Assert.StartsWith($"cuda: {BackendDetector.Probe("cuda").Reason}", reason);
        Assert.Contains("CUDAExecutionProvider is not in this ONNX Runtime build", reason);
        Assert.Contains("required by ACCELERATE_REQUIRE_BACKENDS=cuda", reason);
    }

    [Fact]
    public void ARequiredBackendThatIsAvailableOpens()
    {
        using var scope = new EnvironmentScope((Allowed, null), (Required, "cpu"));

        using var session = ModelSession.Open(ProbeModelFile.Path, ["cpu"]);

        Assert.Equal("cpu", session.Backend);
    }

    [Fact]
    public void AnUnknownNameInTheVariableIsAnError()
    {
        using var scope = new EnvironmentScope((Allowed, "cpu,gpu"), (Required, null));

        var error = Assert.Throws<ArgumentException>(() => ModelSession.Open(ProbeModelFile.Path, ["cpu"]));

        Assert.Contains("ACCELERATE_BACKENDS=cpu,gpu names an unknown backend: 'gpu' is not a known backend (known: cpu, cuda,", error.Message);
    }

    [Fact]
    public void TheDeviceIdComesFromTheVariable()
    {
        var cuda = BackendCatalog.Find("cuda")!;
        using (new EnvironmentScope((BackendDetector.DeviceIdVariable, null)))
        {
            Assert.Equal(0, ExecutionProviders.DeviceId);
            Assert.Equal("device_id=0", ExecutionProviders.Describe(cuda));
        }

        using (new EnvironmentScope((BackendDetector.DeviceIdVariable, " 3 ")))
        {
            Assert.Equal(3, ExecutionProviders.DeviceId);
            Assert.Equal("device_id=3; CUDA appended after it when the build has it", ExecutionProviders.Describe(BackendCatalog.Find("tensorrt")!));
        }

        using (new EnvironmentScope((BackendDetector.DeviceIdVariable, "gpu1")))
        {
            var error = Assert.Throws<InvalidOperationException>(() => ExecutionProviders.DeviceId);
            Assert.Equal("ACCELERATE_DEVICE_ID='gpu1' is not a device number (0, 1, ...).", error.Message);
            Assert.Equal("device_id=invalid (ACCELERATE_DEVICE_ID='gpu1')", ExecutionProviders.Describe(cuda));
        }
    }
}
