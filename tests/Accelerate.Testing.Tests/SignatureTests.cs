using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary>The signature contract against the real MiniLM session.</summary>
public sealed class SignatureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheSignatureTheBuildSawMatches()
    {
        var spec = Models.MiniLm(_folder.Path);

        new MiniLmMatrix(spec).RunMatchesSignature("cpu");

        Assert.Equal(MatrixOutcome.Passed, MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath).Outcome);
    }

    [Fact]
    public void UnnamedDynamicDimensionsMatchAnything()
    {
        var spec = Models.MiniLm(_folder.Path);
        spec = spec with { Inputs = spec.Inputs.Select(i => i with { Dimensions = ["?", "?"] }).ToArray() };

        new MiniLmMatrix(spec).RunMatchesSignature("cpu");
    }

    [Fact]
    public void AWrongContractFailsListingEveryDifference()
    {
        var spec = Models.MiniLm(_folder.Path);
        spec = spec with
        {
            Inputs =
            [
                new("input_ids", "int32", ["batch", "sequence"]),
                new("attention_mask", "int64", ["batch", "sequence", "extra"]),
                new("pixel_values", "float", ["1", "3"]),
            ],
            Outputs =
            [
                new("last_hidden_state", "float", ["batch", "sequence", "Addlast_hidden_state_dim_2"]),
                new("924", "float", ["?", "512"]),
            ],
        };

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec).RunMatchesSignature("cpu"));

        Assert.Equal(
            "MiniLm[cpu].MatchesSignature: the model does not match the signature the build saw:\n"
            + "  input 'input_ids' has element type int64, expected int32\n"
            + "  input 'attention_mask' has shape [batch, sequence], expected [batch, sequence, extra] (rank 2, expected 3)\n"
            + "  input 'pixel_values' is missing (the model's inputs: 'input_ids', 'attention_mask', 'token_type_ids')\n"
            + "  input 'token_type_ids' is not in the signature the build saw\n"
            + "  output '924' has shape [Tanh924_dim_0, 384], expected [?, 512] (dimension 1 is 384, expected 512)\n"
            + "Rebuild the project so the generated code is regenerated from the model, or check that the right model file is beside the tests.",
            failure.Message);
    }
}
