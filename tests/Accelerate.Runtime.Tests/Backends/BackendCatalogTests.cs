namespace Accelerate.Runtime.Tests.Backends;

public sealed class BackendCatalogTests
{
    [Fact]
    public void NamesAndProvidersAreUnique()
    {
        Assert.Equal(BackendCatalog.All.Count, BackendCatalog.All.Select(b => b.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(BackendCatalog.All.Count, BackendCatalog.All.Select(b => b.ProviderName).Distinct().Count());
        Assert.All(BackendCatalog.All, b =>
        {
            Assert.Equal(b.Name.ToLowerInvariant(), b.Name);
            Assert.EndsWith("ExecutionProvider", b.ProviderName);
            Assert.False(string.IsNullOrWhiteSpace(b.Description));
        });
    }

    [Theory]
    [InlineData("cpu", "CPUExecutionProvider")]
    [InlineData("cuda", "CUDAExecutionProvider")]
    [InlineData("tensorrt", "TensorrtExecutionProvider")]
    [InlineData("rocm", "ROCMExecutionProvider")]
    [InlineData("migraphx", "MIGraphXExecutionProvider")]
    [InlineData("openvino", "OpenVINOExecutionProvider")]
    [InlineData("directml", "DmlExecutionProvider")]
    [InlineData("coreml", "CoreMLExecutionProvider")]
    [InlineData("qnn", "QNNExecutionProvider")]
    [InlineData("xnnpack", "XnnpackExecutionProvider")]
    [InlineData("webgpu", "WebGpuExecutionProvider")]
    [InlineData("nnapi", "NnapiExecutionProvider")]
    [InlineData("acl", "ACLExecutionProvider")]
    [InlineData("armnn", "ArmNNExecutionProvider")]
    [InlineData("dnnl", "DnnlExecutionProvider")]
    [InlineData("cann", "CANNExecutionProvider")]
    [InlineData("azure", "AzureExecutionProvider")]
    [InlineData("vitisai", "VitisAIExecutionProvider")]
    public void ProviderNamesAreOnnxRuntimes(string name, string providerName) =>
        Assert.Equal(providerName, BackendCatalog.Find(name)?.ProviderName);

    [Fact]
    public void FindAcceptsAnyCaseAndProviderNames()
    {
        Assert.Equal("cuda", BackendCatalog.Find("CUDA")?.Name);
        Assert.Equal("directml", BackendCatalog.Find("DmlExecutionProvider")?.Name);
        Assert.Null(BackendCatalog.Find("gpu"));
    }

    [Fact]
    public void EveryProviderInThisBuildIsCatalogued()
    {
        Assert.All(BackendDetector.AvailableProviders, provider => Assert.NotNull(BackendCatalog.Find(provider)));
    }

    [Fact]
    public void ManifestsAcceptExactlyTheBackendsTheRuntimeKnows() =>
        Assert.Equal(
            BackendCatalog.All.Select(b => b.Name).Order(StringComparer.Ordinal),
            Accelerate.Manifest.Model.BackendNames.All.Order(StringComparer.Ordinal));
}
