namespace Accelerate.Testing.Tests;

/// <summary>The element-wise comparison behind every output check (the cross-backend wording included, which needs no GPU).</summary>
public sealed class ComparerTests
{
    private static CaseOutputs Case(string label, long[] shape, params double[] values) => new(label, [new NamedTensor("y", shape, values)]);

    [Fact]
    public void TheLargestDifferenceIsReportedWithItsIndexInEveryDimension()
    {
        var expected = new[] { Case("a", [2, 3], 0, 0.5, 1, 1.5, 2, 2.5) };
        var actual = new[] { Case("a", [2, 3], 0, 0.5, 1, 1.5, 2.003, 2.5001) };

        var result = OutputComparer.Compare(expected, actual, 1e-3, "(fp32)", "cpu", "cuda", "the cpu outputs");

        Assert.Equal(
            "output 'y' of case \"a\" differs at element 4 [1, 1]: expected (cpu) 2.0000000, actual (cuda) 2.0030000, |diff| 3.0e-03 > tolerance 1e-03 (fp32)",
            Assert.Single(result.Problems));
        var diff = Assert.Single(result.Diffs);
        Assert.Equal(0.003, diff.MaxAbsDiff, 9);
        Assert.Equal(0.003 / 2.003, diff.MaxRelDiff, 9);
    }

    [Fact]
    public void WithinToleranceThereIsNoProblemButTheDiffIsStillMeasured()
    {
        var result = OutputComparer.Compare([Case("a", [2], 1, 2)], [Case("a", [2], 1.00001, 2)], 1e-4, "(fp32)", null, null, "the goldens");

        Assert.Empty(result.Problems);
        Assert.Equal(1e-5, Assert.Single(result.Diffs).MaxAbsDiff, 9);
    }

    [Fact]
    public void NaNAgainstANumberIsAnInfiniteDifferenceButNaNAgainstNaNIsEqual()
    {
        var result = OutputComparer.Compare([Case("a", [3], double.NaN, 1, 2)], [Case("a", [3], double.NaN, double.NaN, 2)], 1e-4, "(fp32)", null, null, "the goldens");

        Assert.Equal("output 'y' of case \"a\" differs at element 1: expected 1.0000000, actual NaN, |diff| ∞ > tolerance 1e-04 (fp32)", Assert.Single(result.Problems));
    }

    [Fact]
    public void MissingAndExtraOutputsAreNamed()
    {
        var expected = new[] { new CaseOutputs("a", [new NamedTensor("y", [1], [1]), new NamedTensor("z", [1], [1])]) };
        var actual = new[] { new CaseOutputs("a", [new NamedTensor("y", [1], [1]), new NamedTensor("w", [1], [1])]) };

        var result = OutputComparer.Compare(expected, actual, 1e-4, "(fp32)", null, null, "the goldens");

        Assert.Equal(["output 'w' of case \"a\" is not in the goldens", "case \"a\" has no output 'z', but the goldens do"], result.Problems);
    }
}
