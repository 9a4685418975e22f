namespace Accelerate.Results.Tests;

/// <summary>
/// The history gate's persistence rule (a slowdown must hold over the last N runs of the testbed) and the same-run
/// paired gate (block pairs of the baseline and the current build, sign test).
/// </summary>
public sealed class HistoryAndPairedGateTests
{
    private static readonly GateOptions Gate = new() { Threshold = 0.05 };

    // n earlier runs, newest first, each at its own median factor (1 = 35 ms).
    private static IReadOnlyList<IReadOnlyList<BenchmarkCase>> Earlier(params double[] factors) =>
        factors.Select((f, i) => (IReadOnlyList<BenchmarkCase>)[Data.Case(medianNs: 35_000_000 * f, seed: 10 + i)]).ToList();

    [Fact]
    public void One_slow_run_after_steady_history_is_Same_with_a_note_not_a_false_alarm()
    {
        // The issue's symptom: an unchanged run that happens to be 17% slower. Against one previous run it is Slower.
        var current = Data.Case(medianNs: 35_000_000 * 1.17, seed: 1);
        Assert.Equal(Verdict.Slower, Assert.Single(RegressionGate.Compare(Earlier(1.0)[0], [current], Gate)).Verdict);

        var history = Assert.Single(RegressionGate.CompareHistory(Earlier(1.0, 1.01, 0.99, 1.0, 1.0, 1.02), [current], Gate));

        Assert.Equal(Verdict.Same, history.Verdict);
        Assert.Equal(VerdictSource.History, history.Source);
        Assert.Equal("slower in 1 of the last 3 runs; a change must hold over 3 runs", history.Note);
        Assert.Equal(1.17, history.RatioOfMedians, 0.03);
        Assert.Equal("Same (slower in 1 of the last 3 runs; a change must hold over 3 runs)", history.Describe());
    }

    [Fact]
    public void A_slowdown_that_holds_over_the_last_three_runs_is_Slower()
    {
        // Newest first: this run and the two before it are 20% slower than the five before them.
        var current = Data.Case(medianNs: 35_000_000 * 1.2, seed: 1);
        var history = Assert.Single(RegressionGate.CompareHistory(Earlier(1.21, 1.19, 1.0, 1.01, 0.99, 1.0, 1.0), [current], Gate));

        Assert.Equal(Verdict.Slower, history.Verdict);
        Assert.Null(history.Note);
        Assert.Equal(1.2, history.RatioOfMedians, 0.03);
        Assert.True(history.PValue < 0.05);
    }

    [Fact]
    public void Two_of_three_slow_runs_are_not_yet_a_regression_and_faster_needs_persistence_too()
    {
        var current = Data.Case(medianNs: 35_000_000 * 1.2, seed: 1);
        var twoOfThree = Assert.Single(RegressionGate.CompareHistory(Earlier(1.2, 1.0, 1.0, 1.0, 1.0), [current], Gate));
        Assert.Equal(Verdict.Same, twoOfThree.Verdict);
        Assert.Equal("slower in 2 of the last 3 runs; a change must hold over 3 runs", twoOfThree.Note);

        var fast = Data.Case(medianNs: 35_000_000 * 0.7, seed: 1);
        Assert.Equal(Verdict.Faster, Assert.Single(RegressionGate.CompareHistory(Earlier(0.7, 0.71, 1.0, 1.0, 1.0), [fast], Gate)).Verdict);
    }

    [Fact]
    public void Without_enough_history_the_verdict_is_Same_and_says_how_many_runs_there_are()
    {
        var current = Data.Case(medianNs: 35_000_000 * 1.5, seed: 1);
        var history = Assert.Single(RegressionGate.CompareHistory(Earlier(1.0), [current], Gate));

        Assert.Equal(Verdict.Same, history.Verdict);
        Assert.Matches(@"^not enough history: 2 of 4 runs; this run looks slower \(1\.(4[89]|5[01])\dx\) than the 1 earlier$", history.Note);
        Assert.NotNull(history.Baseline);

        var first = Assert.Single(RegressionGate.CompareHistory([], [current], Gate));
        Assert.Equal(Verdict.New, first.Verdict);
    }

    [Fact]
    public void History_matches_cases_by_key_and_counts_only_runs_that_have_the_case()
    {
        // The seq=16 case is new in the newest earlier run only; seq=128 has a long history.
        var runs = Enumerable.Range(0, 6)
            .Select(i => (IReadOnlyList<BenchmarkCase>)(i == 0
                ? [Data.Case(shape: "seq=128", seed: 20 + i), Data.Case(shape: "seq=16", medianNs: 8_000_000, seed: 30)]
                : [Data.Case(shape: "seq=128", seed: 20 + i)]))
            .ToList();
        var comparisons = RegressionGate.CompareHistory(runs, [Data.Case(shape: "seq=16", medianNs: 8_000_000, seed: 1), Data.Case(shape: "seq=128", seed: 2)], Gate);

        Assert.Equal("not enough history: 2 of 4 runs", comparisons[0].Note);
        Assert.Equal(Verdict.Same, comparisons[1].Verdict);
        Assert.Null(comparisons[1].Note);
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionGate.CompareHistory(runs, [], new GateOptions { PersistenceRuns = 0 }));
    }

    // Pairs of blocks whose current side is `factor` times the baseline, with noise from a fixed seed.
    private static List<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Current)> Pairs(double factor, int count, double noise, int seed)
    {
        var random = new Random(seed);
        double Draw(double median) => median * (1 + noise * (random.NextDouble() * 2 - 1));
        return Enumerable.Range(0, count)
            .Select(_ => ((IReadOnlyList<double>)[Draw(10_000_000), Draw(10_000_000)], (IReadOnlyList<double>)[Draw(10_000_000 * factor), Draw(10_000_000 * factor)]))
            .ToList();
    }

    private static CaseKey Key => Data.Case().Key;

    [Fact]
    public void Paired_blocks_of_a_25_percent_slower_build_are_Slower_with_the_median_ratio()
    {
        var comparison = RegressionGate.ComparePaired(Key, Pairs(1.25, 40, noise: 0.2, seed: 1), Gate);

        Assert.Equal(Verdict.Slower, comparison.Verdict);
        Assert.Equal(VerdictSource.SameRun, comparison.Source);
        Assert.Equal(1.25, comparison.RatioOfMedians, 0.08);
        Assert.True(comparison.PValue < 1e-4, $"p = {comparison.PValue}");
        Assert.Equal(80, comparison.Baseline!.Measurements.Count);
        Assert.Equal(80, comparison.Current!.Measurements.Count);
        Assert.StartsWith("40 interleaved block pairs, ", comparison.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Paired_blocks_of_the_same_build_are_Same_and_a_faster_build_is_Faster()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            Assert.Equal(Verdict.Same, RegressionGate.ComparePaired(Key, Pairs(1.0, 40, noise: 0.3, seed), Gate).Verdict);
        }

        Assert.Equal(Verdict.Faster, RegressionGate.ComparePaired(Key, Pairs(0.7, 40, noise: 0.2, seed: 3), Gate).Verdict);
    }

    [Fact]
    public void Sign_test_p_values_are_exact()
    {
        // 10 pairs all slower: two-sided p = 2 / 2^10; 5 of 10: p = 1.
        static (IReadOnlyList<double>, IReadOnlyList<double>) Pair(double current) => ([100.0], [current]);
        var allSlower = RegressionGate.ComparePaired(Key, Enumerable.Repeat(Pair(150), 10).ToList(), Gate);
        Assert.Equal(2.0 / 1024, allSlower.PValue, 1e-9);
        Assert.Equal(1.5, allSlower.RatioOfMedians);

        var even = RegressionGate.ComparePaired(Key, [.. Enumerable.Repeat(Pair(150), 5), .. Enumerable.Repeat(Pair(50), 5)], Gate);
        Assert.Equal(1, even.PValue, 1e-9);
        Assert.Equal(Verdict.Same, even.Verdict);

        Assert.Throws<ArgumentException>(() => RegressionGate.ComparePaired(Key, [], Gate));
        Assert.Throws<ArgumentException>(() => RegressionGate.ComparePaired(Key, [([], [1.0])], Gate));
    }
}
