using Accelerate.Runtime;
using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary><see cref="ModelsUnderTest.Tensors"/> over the real ResNet18 (Float [1,3,224,224] → [1,512,1,1]).</summary>
public sealed class TensorsTests : IDisposable
{
    private static readonly Dictionary<string, string> Update = new() { ["AccelerateUpdateGoldens"] = "true" };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IModelUnderTest Open(int seed = 20261129) =>
        ModelsUnderTest.Tensors(ModelSession.Open(TestModels.TestModels.ResNet18Path, ["cpu"]), new Dictionary<string, long>(), cases: 2, seed: seed);

    [Fact]
    public void SeededInputsGiveTheSameOutputsEveryTimeAndEachCaseDiffers()
    {
        using var first = Open();
        using var second = Open();
        using var reseeded = Open(seed: 7);

        var a = first.RunEach();
        var b = second.RunEach();
        var c = reseeded.RunEach();

        Assert.Equal(["case 1", "case 2"], a.Select(x => x.Case));
        var output = Assert.Single(a[0].Outputs);
        Assert.Equal("Pooling395_Output_0", output.Name);
        Assert.Equal([1L, 512, 1, 1], output.Shape);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Outputs[0].Values, b[i].Outputs[0].Values);
        }

        Assert.NotEqual(a[0].Outputs[0].Values, a[1].Outputs[0].Values);
        Assert.NotEqual(a[0].Outputs[0].Values, c[0].Outputs[0].Values);
        Assert.IsNotAssignableFrom<ITextEmbedder>(first); // generated tensors are not texts to embed
    }

    [Fact]
    public void AFixedBatchDimensionMeansNoBatchedRun()
    {
        using var model = Open();

        Assert.Null(model.RunBatch());
        Assert.Equal("the first dimension of input 'Input247' is fixed at 1, so the model takes one item per call", model.CannotBatchReason);
    }

    [Fact]
    public void TheBatchCheckSkipsWithTheReason()
    {
        var skip = Skips.Catch(() => new ResNet18Matrix(Models.ResNet18(_folder.Path)).RunBatchMatchesSingles("cpu"));

        Assert.Equal("$XunitDynamicSkip$ResNet18 cannot batch: the first dimension of input 'Input247' is fixed at 1, so the model takes one item per call", skip.Message);
    }

    [Fact]
    public void GoldensRoundTripAndTheSignatureMatches()
    {
        var spec = Models.ResNet18(_folder.Path);
        new ResNet18Matrix(spec, Update).RecordGoldens("cpu");
        var bytes = File.ReadAllBytes(spec.GoldensPath);
        new ResNet18Matrix(spec, Update).RecordGoldens("cpu");
        Assert.Equal(bytes, File.ReadAllBytes(spec.GoldensPath));

        var matrix = new ResNet18Matrix(spec);
        matrix.RunMatchesGoldens("cpu");
        matrix.RunMatchesSignature("cpu");
        matrix.RunIsDeterministic("cpu");

        var goldens = GoldenFile.Load(spec.GoldensPath);
        Assert.Equal(["case 1", "case 2"], goldens.Cases.Select(c => c.Case));
        Assert.All(goldens.Cases, c => Assert.Equal([1L, 512, 1, 1], Assert.Single(c.Outputs).Shape));
        Assert.Equal(
            [MatrixOutcome.Skipped, MatrixOutcome.Skipped, MatrixOutcome.Passed, MatrixOutcome.Passed, MatrixOutcome.Passed], // two recordings, three checks
            MatrixReport.Results.Where(r => r.ManifestPath == spec.ManifestPath).Select(r => r.Outcome));
    }
}
