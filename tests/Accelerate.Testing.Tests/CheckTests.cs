using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary>The output checks that need no goldens: load, batch, determinism, unit norm, ranking.</summary>
public sealed class CheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadsRecordsTheLoadTimeOfTheBackendAskedFor()
    {
        var spec = Models.MiniLm(_folder.Path);

        new MiniLmMatrix(spec).RunLoads("cpu");

        var result = MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath);
        Assert.Equal(("MiniLm", "cpu", "Loads", MatrixOutcome.Passed), (result.Model, result.Backend, result.Check, result.Outcome));
        Assert.NotNull(result.LoadTime);
        Assert.InRange(result.LoadTime.Value, TimeSpan.FromTicks(1), result.Duration);
        Assert.StartsWith("loaded in ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatchEqualsSingleRunsAndTheLargestDifferenceIsRecorded()
    {
        var spec = Models.MiniLm(_folder.Path);

        new MiniLmMatrix(spec).RunBatchMatchesSingles("cpu");

        var result = MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath);
        Assert.Equal(MatrixOutcome.Passed, result.Outcome);
        var diff = Assert.Single(result.Diffs);
        Assert.Equal("embedding", diff.Output);
        Assert.InRange(diff.MaxAbsDiff, 0, 1e-4);
    }

    [Fact]
    public void TwoRunsAreEqual()
    {
        var spec = Models.MiniLm(_folder.Path);

        new MiniLmMatrix(spec).RunIsDeterministic("cpu");

        var result = MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath);
        Assert.Equal(MatrixOutcome.Passed, result.Outcome);
        Assert.InRange(Assert.Single(result.Diffs).MaxAbsDiff, 0, 1e-6);
    }

    [Fact]
    public void NormalisedEmbeddingsHaveUnitNorm()
    {
        new MiniLmMatrix(Models.MiniLm(_folder.Path)).RunHasUnitNorm("cpu");
    }

    [Fact]
    public void UnnormalisedEmbeddingsFailTheUnitNormCheckShowingTheNorm()
    {
        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(Models.MiniLm(_folder.Path), normalize: false).RunHasUnitNorm("cpu"));

        Assert.Matches(
            @"^MiniLm\[cpu\]\.HasUnitNorm: output 'embedding' of case ""The weather is lovely today\."" has L2 norm \d+\.\d{7}, expected 1 ± 1e-04\n  also: ",
            failure.Message);
    }

    [Fact]
    public void ASimilarPairRanksAboveADissimilarOne()
    {
        var spec = Models.MiniLm(_folder.Path);

        new MiniLmMatrix(spec).RunRanksSimilarAboveDissimilar("cpu");

        Assert.Matches(@"^triplet 1: cos\(anchor, positive\) 0\.\d{4} vs cos\(anchor, negative\) -?0\.\d{4}$", MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath).Message);
    }

    [Fact]
    public void AMisrankedTripletFailsShowingBothScores()
    {
        var spec = Models.MiniLm(_folder.Path);
        Triplet[] misranked = [new Triplet("A man is playing a guitar.", "The stock market fell sharply today.", "Someone plays an instrument.")];

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec, triplets: misranked).RunRanksSimilarAboveDissimilar("cpu"));

        Assert.Matches(
            @"^MiniLm\[cpu\]\.RanksSimilarAboveDissimilar: triplet 1: cos\(anchor, positive\) -?0\.\d{4} vs cos\(anchor, negative\) 0\.\d{4}: the dissimilar text scores as high or higher \(anchor ""A man is playing a guitar\."", positive ""The stock market fell sharply today\."", negative ""Someone plays an instrument\.""\)$",
            failure.Message);
    }

    [Fact]
    public void NoTripletsSkipsTheRankingCheckWithAReason()
    {
        var spec = Models.MiniLm(_folder.Path);

        var skip = Skips.Catch(() => new MiniLmMatrix(spec, triplets: []).RunRanksSimilarAboveDissimilar("cpu"));

        Assert.EndsWith("MiniLm's manifest lists no similarity triplets", skip.Message, StringComparison.Ordinal);
        Assert.Equal("MiniLm's manifest lists no similarity triplets", MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath).Message);
    }

    [Fact]
    public void TheCpuRowIsNotComparedWithItself()
    {
        var skip = Skips.Catch(() => new MiniLmMatrix(Models.MiniLm(_folder.Path)).RunAgreesWithCpu("cpu"));

        Assert.EndsWith("the cpu row is the reference the other rows are compared with", skip.Message, StringComparison.Ordinal);
    }
}
