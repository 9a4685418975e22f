namespace Accelerate.Results.Tests;

public sealed class RegressionGateTests
{
    [Fact]
    public void Identical_distributions_are_Same()
    {
        var baseline = Data.Case(medianNs: 35_000_000, seed: 1);
        var current = Data.Case(medianNs: 35_000_000, seed: 2); // same distribution, other draws

        var comparison = Assert.Single(RegressionGate.Compare([baseline], [current], new GateOptions()));

        Assert.Equal(Verdict.Same, comparison.Verdict);
        Assert.Equal(1.0, comparison.RatioOfMedians, 0.01);
        Assert.True(comparison.PValue > 0.05, $"p = {comparison.PValue}");
        Assert.Same(baseline, comparison.Baseline);
        Assert.Same(current, comparison.Current);

        var self = Assert.Single(RegressionGate.Compare([baseline], [baseline]));
        Assert.Equal(Verdict.Same, self.Verdict);
        Assert.Equal(1.0, self.RatioOfMedians);
        Assert.Equal(1.0, self.PValue, 1e-9);
    }

    [Fact]
    public void A_20_percent_slower_distribution_is_Slower()
    {
        var baseline = Data.Case(medianNs: 35_000_000, seed: 1);
        var current = Data.Case(medianNs: 42_000_000, seed: 2);

        var comparison = Assert.Single(RegressionGate.Compare([baseline], [current], GateOptions.Default));

        Assert.Equal(Verdict.Slower, comparison.Verdict);
        Assert.Equal(1.2, comparison.RatioOfMedians, 0.01);
        Assert.True(comparison.PValue < 0.05, $"p = {comparison.PValue}");
        Assert.Equal(baseline.Key, comparison.Key);
        Assert.True(RegressionGate.HasRegression([comparison]));
    }

    [Fact]
    public void A_20_percent_faster_distribution_is_Faster()
    {
        var comparison = Assert.Single(RegressionGate.Compare([Data.Case(medianNs: 35_000_000, seed: 1)], [Data.Case(medianNs: 28_000_000, seed: 2)]));
        Assert.Equal(Verdict.Faster, comparison.Verdict);
        Assert.Equal(0.8, comparison.RatioOfMedians, 0.01);
        Assert.True(comparison.PValue < 0.05);
        Assert.False(RegressionGate.HasRegression([comparison]));
    }

    [Fact]
    public void A_3_percent_slower_distribution_is_Same_because_of_the_threshold()
    {
        var baseline = Data.Case(medianNs: 35_000_000, spread: 0.01, seed: 1);
        var current = Data.Case(medianNs: 35_000_000 * 1.03, spread: 0.01, seed: 2);

        var comparison = Assert.Single(RegressionGate.Compare([baseline], [current]));

        Assert.Equal(Verdict.Same, comparison.Verdict);
        Assert.Equal(1.03, comparison.RatioOfMedians, 0.005);
        Assert.True(comparison.PValue < 0.05, $"the difference is significant (p = {comparison.PValue}), but below the threshold");

        // With a 2% threshold the same difference is a regression.
        Assert.Equal(Verdict.Slower, Assert.Single(RegressionGate.Compare([baseline], [current], new GateOptions { Threshold = 0.02 })).Verdict);
    }

    [Fact]
    public void Noisy_runs_with_equal_medians_are_Same()
    {
        var baseline = Data.Case(medianNs: 35_000_000, spread: 0.02, seed: 1);
        var current = Data.Case(medianNs: 35_000_000, spread: 0.40, seed: 2); // much wider, same centre

        var comparison = Assert.Single(RegressionGate.Compare([baseline], [current]));

        Assert.Equal(Verdict.Same, comparison.Verdict);
        Assert.Equal(1.0, comparison.RatioOfMedians, 0.05);
    }

    [Fact]
    public void A_large_ratio_from_a_handful_of_calls_is_not_significant()
    {
        var baseline = Data.Case() with { Measurements = [10, 30, 20] };
        var current = Data.Case() with { Measurements = [50, 15, 40] };

        var comparison = Assert.Single(RegressionGate.Compare([baseline], [current]));

        Assert.Equal(2.0, comparison.RatioOfMedians, 1e-9);
        Assert.True(comparison.PValue >= 0.05, $"p = {comparison.PValue}");
        Assert.Equal(Verdict.Same, comparison.Verdict);
    }

    [Fact]
    public void New_and_missing_cases()
    {
        var kept = Data.Case(shape: "seq=16");
        var dropped = Data.Case(shape: "seq=128");
        var added = Data.Case(shape: "seq=256");
        var otherThreads = Data.Case(shape: "seq=16", threads: 1);

        var comparisons = RegressionGate.Compare([kept, dropped], [added, kept, otherThreads]);

        Assert.Equal(
            [(added.Key, Verdict.New), (kept.Key, Verdict.Same), (otherThreads.Key, Verdict.New), (dropped.Key, Verdict.Missing)],
            comparisons.Select(c => (c.Key, c.Verdict)));
        Assert.True(double.IsNaN(comparisons[0].RatioOfMedians));
        Assert.True(double.IsNaN(comparisons[3].PValue));
        Assert.Null(comparisons[0].Baseline);
        Assert.Null(comparisons[3].Current);
    }

    [Fact]
    public void Without_measurements_the_ratio_uses_the_stored_medians_and_there_is_no_test()
    {
        var baseline = Data.Case() with { Measurements = [], MedianNs = 100 };
        var current = Data.Case() with { Measurements = [], MedianNs = 150 };

        var comparison = Assert.Single(RegressionGate.Compare([baseline], [current]));

        Assert.Equal(1.5, comparison.RatioOfMedians);
        Assert.True(double.IsNaN(comparison.PValue));
        Assert.Equal(Verdict.Same, comparison.Verdict);
    }

    [Fact]
    public void Duplicate_keys_and_bad_options_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => RegressionGate.Compare([Data.Case(), Data.Case()], []));
        Assert.Contains("MiniLm raw cpu fp32 batch=1 seq=128 threads=2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGate.Compare([], [], new GateOptions { Alpha = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGate.Compare([], [], new GateOptions { Threshold = -0.1 }));
    }

    [Fact]
    public void Statistics_from_measurements()
    {
        var s = LatencyStatistics.Summarize([5, 1, 4, 2, 3]);
        Assert.Equal(3, s.MeanNs);
        Assert.Equal(3, s.MedianNs);
        Assert.Equal(4.6, s.P90Ns, 1e-12);
        Assert.Equal(4.96, s.P99Ns, 1e-12);
        Assert.Equal(4.996, s.P999Ns, 1e-12);
        Assert.Equal(Math.Sqrt(2.5), s.StdDevNs, 1e-12);
        var c = (Data.Case() with { Measurements = [1, 2, 3, 4] }).WithStatistics();
        Assert.Equal(2.5, c.MedianNs);
        Assert.Equal(2.5, c.P50Ns);
    }
}
