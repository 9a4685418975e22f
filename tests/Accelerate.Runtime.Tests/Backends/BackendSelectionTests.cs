namespace Accelerate.Runtime.Tests.Backends;

public sealed class BackendSelectionTests
{
    [Fact]
    public void ListsAreSeparatedByCommasSemicolonsOrSpacesInAnyCase()
    {
        var selection = BackendSelection.Parse(" cpu, CUDA;TensorRT  openvino,,cuda ", "Cuda");

        Assert.Equal(["cpu", "cuda", "tensorrt", "openvino"], selection.Allowed);
        Assert.Equal(["cuda"], selection.Required);
        Assert.True(selection.IsRequired("CUDA"));
        Assert.False(selection.IsRequired("cpu"));
    }

    [Fact]
    public void ProviderNamesAreAccepted() =>
        Assert.Equal(["cuda"], BackendSelection.Parse("CUDAExecutionProvider", null).Allowed);

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("  ", " , ")]
    public void EmptyMeansEverythingAllowedAndNothingRequired(string? allowed, string? required)
    {
        var selection = BackendSelection.Parse(allowed, required);

        Assert.Null(selection.Allowed);
        Assert.Empty(selection.Required);
        Assert.All(BackendCatalog.All, b =>
        {
            Assert.True(selection.IsAllowed(b.Name, out var reason));
            Assert.Empty(reason);
            Assert.False(selection.IsRequired(b.Name));
        });
    }

    [Fact]
    public void ExcludedBackendsSayWhichVariableExcludedThem()
    {
        var selection = BackendSelection.Parse("cpu", null);

        Assert.True(selection.IsAllowed("CPU", out var reason));
        Assert.Empty(reason);
        Assert.False(selection.IsAllowed("cuda", out reason));
        Assert.Equal("excluded by ACCELERATE_BACKENDS=cpu", reason);
    }

    [Fact]
    public void OtherSourcesAreNamedInReasons()
    {
        var selection = BackendSelection.Parse("cpu,cuda", null, "AccelerateBackends", "AccelerateRequireBackends");

        Assert.False(selection.IsAllowed("tensorrt", out var reason));
        Assert.Equal("excluded by AccelerateBackends=cpu,cuda", reason);
    }

    [Theory]
    [InlineData("cpu,gpu", null, "allowed")]
    [InlineData(null, "mps", "required")]
    public void UnknownNamesAreRejectedWithTheKnownOnes(string? allowed, string? required, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => BackendSelection.Parse(allowed, required));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"'{allowed?.Split(',')[1] ?? required}' is not a known backend (known: cpu, cuda, tensorrt,", error.Message);
        Assert.Contains(parameter == "allowed" ? "ACCELERATE_BACKENDS=cpu,gpu" : "ACCELERATE_REQUIRE_BACKENDS=mps", error.Message);
    }

    [Fact]
    public void UnknownNamesAreNeitherAllowedNorRequired()
    {
        var selection = BackendSelection.Parse(null, null);

        Assert.False(selection.IsAllowed("gpu", out var reason));
        Assert.StartsWith("'gpu' is not a known backend", reason);
        Assert.False(selection.IsRequired("gpu"));
    }

    [Fact]
    public void RequiringAnExcludedBackendIsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => BackendSelection.Parse("cpu", "cuda"));

        Assert.Contains("'cuda' is required by ACCELERATE_REQUIRE_BACKENDS=cuda but excluded by ACCELERATE_BACKENDS=cpu", error.Message);
    }

    [Fact]
    public void CombineIntersectsRestrictionsAndUnitesRequirements()
    {
        var environment = BackendSelection.Parse("cpu,cuda,tensorrt", "cuda");
        var properties = BackendSelection.Parse("tensorrt;cuda", "tensorrt", "AccelerateBackends", "AccelerateRequireBackends");

        var combined = BackendSelection.Combine(environment, properties);

        Assert.Equal(["cuda", "tensorrt"], combined.Allowed);
        Assert.Equal(["cuda", "tensorrt"], combined.Required);
        Assert.False(combined.IsAllowed("cpu", out var reason));
        Assert.Equal("excluded by AccelerateBackends=tensorrt,cuda", reason);
        Assert.Equal("ACCELERATE_REQUIRE_BACKENDS=cuda", combined.RequiredBy("cuda"));
        Assert.Equal("AccelerateRequireBackends=tensorrt", combined.RequiredBy("TENSORRT"));
        Assert.Null(combined.RequiredBy("cpu"));
    }

    [Fact]
    public void NoRestrictionIsTheIdentityOfCombine()
    {
        var restricted = BackendSelection.Parse("cpu", null);

        Assert.Equal(["cpu"], BackendSelection.Combine(BackendSelection.Unrestricted, restricted).Allowed);
        Assert.Equal(["cpu"], BackendSelection.Combine(restricted, BackendSelection.Parse(null, null)).Allowed);
        Assert.Null(BackendSelection.Combine(BackendSelection.Unrestricted, BackendSelection.Parse(null, "cpu")).Allowed);
        Assert.Equal(["cpu"], BackendSelection.Combine(BackendSelection.Unrestricted, BackendSelection.Parse(null, "cpu")).Required);
    }

    [Fact]
    public void DisjointRestrictionsAllowNothing()
    {
        var combined = BackendSelection.Combine(BackendSelection.Parse("cpu", null), BackendSelection.Parse("cuda", null));

        Assert.Empty(combined.Allowed!);
        Assert.False(combined.IsAllowed("cpu", out var cpu));
        Assert.Equal("excluded by ACCELERATE_BACKENDS=cuda", cpu);
        Assert.False(combined.IsAllowed("cuda", out var cuda));
        Assert.Equal("excluded by ACCELERATE_BACKENDS=cpu", cuda);
    }

    [Fact]
    public void CombiningARequirementWithARestrictionThatExcludesItIsAnError() =>
        Assert.Throws<ArgumentException>(() => BackendSelection.Combine(BackendSelection.Parse(null, "cuda"), BackendSelection.Parse("cpu", null, "AccelerateBackends", "AccelerateRequireBackends")));

    [Fact]
    public void ToStringShowsTheSources()
    {
        Assert.Equal("all backends allowed, none required", BackendSelection.Unrestricted.ToString());
        Assert.Equal("ACCELERATE_BACKENDS=cpu,cuda; ACCELERATE_REQUIRE_BACKENDS=cuda", BackendSelection.Parse("cpu cuda", "cuda").ToString());
    }
}
