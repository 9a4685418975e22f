using Perfolizer.Mathematics.Distributions.DiscreteDistributions;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using System.Globalization;
using Pragmastat;

namespace Accelerate.Results;

/// <summary>The regression gate's verdict on one case.</summary>
public enum Verdict
{
    /// <summary>Significantly different and the median is faster by more than the threshold.</summary>
    Faster,

    /// <summary>Not significantly different, or different by no more than the threshold.</summary>
    Same,

    /// <summary>Significantly different and the median is slower by more than the threshold: a regression.</summary>
    Slower,

    /// <summary>The case is in the current run only.</summary>
    New,

    /// <summary>The case is in the baseline only.</summary>
    Missing,
}

/// <summary>What a verdict compared the current run with.</summary>
public enum VerdictSource
{
    /// <summary>One stored run: a named baseline, or the run a caller chose.</summary>
    Baseline,

    /// <summary>The stored runs of the same testbed, with the persistence rule of <see cref="RegressionGate.CompareHistory"/>.</summary>
    History,

    /// <summary>The baseline build measured in the same run, interleaved with the current one (<see cref="RegressionGate.ComparePaired"/>).</summary>
    SameRun,
}

/// <summary>Settings of <see cref="RegressionGate.Compare"/>, <see cref="RegressionGate.CompareHistory"/> and <see cref="RegressionGate.ComparePaired"/>.</summary>
public sealed record GateOptions
{
    /// <summary>The default settings: alpha 0.05, threshold 5%.</summary>
    public static GateOptions Default { get; } = new();

    /// <summary>The significance level of the two-sided Mann–Whitney U test (default 0.05).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>
    /// The relative change of the median that matters (default 0.05 = 5%): Slower needs current/baseline &gt; 1 + threshold,
    /// Faster needs baseline/current &gt; 1 + threshold (current/baseline &lt; 1 / (1 + threshold)).
    /// </summary>
    public double Threshold { get; init; } = 0.05;

    /// <summary>
    /// History: how many of the latest runs (this one included) must each be slower than the reference runs before
    /// <see cref="RegressionGate.CompareHistory"/> says Slower (default 3).
    /// </summary>
    public int PersistenceRuns { get; init; } = 3;

    /// <summary>History: how many runs before those make up the reference (default 5; at least one is needed).</summary>
    public int ReferenceRuns { get; init; } = 5;

    internal void Validate()
    {
        if (PersistenceRuns < 1 || ReferenceRuns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PersistenceRuns), "PersistenceRuns and ReferenceRuns must be at least 1.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be between 0 and 1.");
        }

        if (!(Threshold >= 0) || double.IsInfinity(Threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Threshold must be a finite number ≥ 0.");
        }
    }
}

/// <summary>The comparison of one case of the current run with the same case of the baseline.</summary>
/// <param name="Key">The case.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="RatioOfMedians">Current median / baseline median (above 1 = slower); NaN for <see cref="Verdict.New"/> and <see cref="Verdict.Missing"/>.</param>
/// <param name="PValue">The two-sided Mann–Whitney U p-value; NaN when either side has no measurements, or for New/Missing.</param>
public sealed record CaseComparison(CaseKey Key, Verdict Verdict, double RatioOfMedians, double PValue)
{
    /// <summary>The baseline's case; null for <see cref="Verdict.New"/>.</summary>
    public BenchmarkCase? Baseline { get; init; }

    /// <summary>The current run's case; null for <see cref="Verdict.Missing"/>.</summary>
    public BenchmarkCase? Current { get; init; }

    /// <summary>What the case was compared with.</summary>
    public VerdictSource Source { get; init; } = VerdictSource.Baseline;

    /// <summary>Why the verdict is what it is when the numbers alone do not say (not enough history, a slowdown in one run only, ...).</summary>
    public string? Note { get; init; }

    /// <summary>The verdict in the words the build output, the summary and the reports all use: <c>Same (note)</c>.</summary>
    public string Describe() => Note is { Length: > 0 } note ? $"{Verdict} ({note})" : Verdict.ToString();
}

/// <summary>
/// Decides, case by case, whether a run is faster, the same or slower than a baseline.
/// </summary>
/// <remarks>
/// <para><b>Method.</b> Cases are matched by <see cref="CaseKey"/> (model, method, backend, precision, batch, shape,
/// threads). For a matched pair the gate computes the ratio of medians, current / baseline, and runs a two-sided
/// Mann–Whitney U test (Perfolizer's <c>MannWhitneyTest</c>: exact distribution for small samples, Edgeworth
/// approximation for large ones) on the raw per-call latencies. The verdict is <see cref="Verdict.Slower"/> only when
/// both agree: p &lt; alpha (the two latency distributions differ) <i>and</i> the ratio exceeds 1 + threshold (the
/// difference is large enough to matter). <see cref="Verdict.Faster"/> is the mirror image: p &lt; alpha and
/// baseline / current &gt; 1 + threshold. Everything else is <see cref="Verdict.Same"/>.</para>
/// <para><b>Why both.</b> Latencies are skewed, multi-modal and full of outliers, so a rank test that assumes no
/// distribution shape is the right test; but with thousands of calls it finds 1% differences "significant", which the
/// threshold filters out. Conversely a large median ratio from a handful of noisy calls is not evidence; the test
/// filters that out.</para>
/// <para><b>Why two-sided.</b> The gate reports both directions and does not know in advance which one to expect.
/// Choosing the one-sided alternative after looking at which median is larger would double the false-alarm rate;
/// the two-sided test at alpha keeps it at alpha, and the direction then comes from the medians. Consecutive calls are
/// also not fully independent (caches, frequency scaling), which makes any p-value optimistic: the more conservative
/// two-sided test is the safer choice for a gate that fails builds.</para>
/// <para>When either side has no raw measurements the test cannot run: the p-value is NaN and the verdict Same.
/// The ratio uses the medians of the raw measurements when both sides have them, otherwise the stored
/// <see cref="BenchmarkCase.MedianNs"/>.</para>
/// </remarks>
public static class RegressionGate
{
    /// <summary>Compares every case of <paramref name="current"/> with the case of the same key in <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The baseline run's cases.</param>
    /// <param name="current">The current run's cases.</param>
    /// <param name="options">The settings; <see cref="GateOptions.Default"/> when null.</param>
    /// <returns>One comparison per key: the current run's cases in their order, then the baseline's missing cases.</returns>
    /// <exception cref="ArgumentException">A run has two cases with the same key.</exception>
    public static IReadOnlyList<CaseComparison> Compare(IReadOnlyList<BenchmarkCase> baseline, IReadOnlyList<BenchmarkCase> current, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= GateOptions.Default;
        options.Validate();
        var baselineByKey = ByKey(baseline, nameof(baseline));
        ByKey(current, nameof(current));
        var comparisons = new List<CaseComparison>(current.Count + baseline.Count);
        foreach (var c in current)
        {
            comparisons.Add(baselineByKey.TryGetValue(c.Key, out var b)
                ? CompareCase(b, c, options)
                : new CaseComparison(c.Key, Verdict.New, double.NaN, double.NaN) { Current = c });
        }

        var currentKeys = current.Select(c => c.Key).ToHashSet();
        comparisons.AddRange(baseline.Where(b => !currentKeys.Contains(b.Key))
            .Select(b => new CaseComparison(b.Key, Verdict.Missing, double.NaN, double.NaN) { Baseline = b }));
        return comparisons;
    }

    /// <summary>
    /// Compares every case of <paramref name="current"/> with the stored history of its testbed (the caller passes
    /// the earlier runs of the same machine and profile; the case key adds model, backend, precision, shape and
    /// threads), so that one noisy run cannot raise a false alarm.
    /// </summary>
    /// <remarks>
    /// <para><b>Persistence rule.</b> Of the earlier runs that have the case, newest first, the
    /// <see cref="GateOptions.PersistenceRuns"/> − 1 newest join the current run as the <i>recent</i> runs (N =
    /// <see cref="GateOptions.PersistenceRuns"/>, default 3); up to <see cref="GateOptions.ReferenceRuns"/> runs before
    /// those (default 5) are the <i>reference</i>. Each recent run is compared with the reference by the rule of
    /// <see cref="Compare"/> (Mann–Whitney on its raw latencies against the reference runs' pooled latencies, and its
    /// median against the median of the reference runs' medians). The verdict is Slower only when every one of the N
    /// recent runs is Slower (Faster likewise): a change point that has held for N runs. A slowdown seen in fewer of
    /// them is Same with a note. With fewer than N + 1 runs of the case there is no reference yet: the verdict is Same
    /// (New for the case's first run) and the note says how many runs there are, and what this run looks like against
    /// the runs there are.</para>
    /// </remarks>
    /// <param name="earlierRuns">The testbed's earlier runs' cases, newest first.</param>
    /// <param name="current">The current run's cases.</param>
    /// <param name="options">The settings; <see cref="GateOptions.Default"/> when null.</param>
    /// <returns>One comparison per case of <paramref name="current"/>, in its order, with <see cref="VerdictSource.History"/>.</returns>
    public static IReadOnlyList<CaseComparison> CompareHistory(IReadOnlyList<IReadOnlyList<BenchmarkCase>> earlierRuns, IReadOnlyList<BenchmarkCase> current, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(earlierRuns);
        ArgumentNullException.ThrowIfNull(current);
        options ??= GateOptions.Default;
        options.Validate();
        ByKey(current, nameof(current));
        var earlier = earlierRuns.Select((run, i) => ByKey(run, $"{nameof(earlierRuns)}[{i}]")).ToList();
        var n = options.PersistenceRuns;
        var comparisons = new List<CaseComparison>(current.Count);
        foreach (var c in current)
        {
            var history = earlier.Where(run => run.ContainsKey(c.Key)).Select(run => run[c.Key]).ToList();
            if (history.Count == 0)
            {
                comparisons.Add(new CaseComparison(c.Key, Verdict.New, double.NaN, double.NaN) { Current = c, Source = VerdictSource.History });
                continue;
            }

            var recent = new[] { c }.Concat(history.Take(n - 1)).ToList();
            var reference = history.Skip(n - 1).Take(options.ReferenceRuns).ToList();
            if (recent.Count < n || reference.Count == 0)
            {
                // Not enough runs for the rule: say how this run compares with the ones there are, without gating.
                var (available, availableMedian) = Pool(history.Take(options.ReferenceRuns).ToList());
                var look = CompareCase(available, c, options, availableMedian);
                var lookText = look.Verdict == Verdict.Same ? "" : string.Create(CultureInfo.InvariantCulture, $"; this run looks {look.Verdict.ToString().ToLowerInvariant()} ({look.RatioOfMedians:0.000}x) than the {history.Count} earlier");
                comparisons.Add(look with
                {
                    Verdict = Verdict.Same,
                    Baseline = history[0],
                    Source = VerdictSource.History,
                    Note = string.Create(CultureInfo.InvariantCulture, $"not enough history: {history.Count + 1} of {n + 1} runs") + lookText,
                });
                continue;
            }

            var (pooled, referenceMedian) = Pool(reference);
            var each = recent.Select(r => CompareCase(pooled, r, options, referenceMedian)).ToList();
            var own = each[0];
            var slower = each.Count(e => e.Verdict == Verdict.Slower);
            var faster = each.Count(e => e.Verdict == Verdict.Faster);
            var verdict = slower == n ? Verdict.Slower : faster == n ? Verdict.Faster : Verdict.Same;
            string? note = verdict == Verdict.Same && own.Verdict != Verdict.Same
                ? string.Create(CultureInfo.InvariantCulture, $"{own.Verdict.ToString().ToLowerInvariant()} in {(own.Verdict == Verdict.Slower ? slower : faster)} of the last {n} runs; a change must hold over {n} runs")
                : null;
            comparisons.Add(own with { Verdict = verdict, Source = VerdictSource.History, Note = note });
        }

        return comparisons;
    }

    /// <summary>
    /// The verdict of a same-run A/B comparison: the baseline build and the current build measured in alternating
    /// blocks of calls (A B B A A B …), each block pair taken seconds apart, so that machine load which drifts over
    /// minutes affects both sides of a pair alike.
    /// </summary>
    /// <remarks>
    /// Each pair gives the ratio of its two block medians, current / baseline. The verdict's ratio is the median of
    /// those ratios; its significance is the exact two-sided sign test over the pairs (binomial, Perfolizer's
    /// <c>BinomialDistribution</c>): under no change either side is as likely to be the slower one in a pair. The sign
    /// test assumes nothing about the shape of the ratios, which with short blocks on a shared machine have heavy
    /// tails. Slower needs p &lt; alpha and ratio &gt; 1 + threshold (Faster mirrors it), as in <see cref="Compare"/>. The case's <see cref="CaseComparison.Baseline"/> and
    /// <see cref="CaseComparison.Current"/> hold the pooled block latencies of each side.
    /// </remarks>
    /// <param name="key">The case.</param>
    /// <param name="pairs">The block pairs, in the order they were measured: (baseline block, current block) latencies, ns.</param>
    /// <param name="options">The settings; <see cref="GateOptions.Default"/> when null.</param>
    /// <returns>The comparison, with <see cref="VerdictSource.SameRun"/>.</returns>
    /// <exception cref="ArgumentException">No pair, or an empty block.</exception>
    public static CaseComparison ComparePaired(CaseKey key, IReadOnlyList<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Current)> pairs, GateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        options ??= GateOptions.Default;
        options.Validate();
        if (pairs.Count == 0 || pairs.Any(p => p.Baseline.Count == 0 || p.Current.Count == 0))
        {
            throw new ArgumentException("A paired comparison needs at least one pair of non-empty blocks.", nameof(pairs));
        }

        var ratios = pairs.Select(p => LatencyStatistics.Median(p.Current) / LatencyStatistics.Median(p.Baseline)).ToArray();
        var ratio = LatencyStatistics.Median(ratios);
        var p = SignTestPValue(ratios);
        var verdict = Decide(ratio, p, options);
        BenchmarkCase Side(Func<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Current), IReadOnlyList<double>> side) =>
            new BenchmarkCase
            {
                Model = key.Model,
                Method = key.Method,
                Backend = key.Backend,
                Precision = key.Precision,
                Batch = key.Batch,
                Shape = key.Shape,
                Threads = key.Threads,
                Measurements = pairs.SelectMany(side).ToArray(),
            }.WithStatistics();
        return new CaseComparison(key, verdict, ratio, p)
        {
            Baseline = Side(x => x.Baseline),
            Current = Side(x => x.Current),
            Source = VerdictSource.SameRun,
            Note = string.Create(CultureInfo.InvariantCulture, $"{pairs.Count} interleaved block pairs, {ratios.Count(r => r > 1)} slower"),
        };
    }

    // Both conditions of every comparison: a significant difference and a ratio beyond the threshold.
    private static Verdict Decide(double ratio, double p, GateOptions options) =>
        !(p < options.Alpha) ? Verdict.Same
        : ratio > 1 + options.Threshold ? Verdict.Slower
        : ratio < 1 / (1 + options.Threshold) ? Verdict.Faster
        : Verdict.Same;

    // The exact two-sided sign test: how likely this many (or more lopsided) pairs on one side are if either side is
    // as likely to be the faster one. Ties (equal medians) carry no sign and are left out.
    private static double SignTestPValue(IReadOnlyList<double> ratios)
    {
        var above = ratios.Count(r => r > 1);
        var below = ratios.Count(r => r < 1);
        var n = above + below;
        if (n == 0)
        {
            return 1;
        }

        var tail = new BinomialDistribution(n, 0.5).Cdf(Math.Min(above, below));
        return Math.Min(1, 2 * tail);
    }

    // The reference runs of a case as one case with their latencies pooled, and the median of their medians.
    private static (BenchmarkCase Pooled, double Median) Pool(IReadOnlyList<BenchmarkCase> runs)
    {
        var medians = runs.Select(r => r.Measurements.Count > 0 ? LatencyStatistics.Median(r.Measurements) : r.MedianNs).ToArray();
        return (runs[0] with { Measurements = runs.SelectMany(r => r.Measurements).ToArray() }, LatencyStatistics.Median(medians));
    }

    /// <summary>Whether any comparison is <see cref="Verdict.Slower"/>.</summary>
    /// <param name="comparisons">The comparisons.</param>
    /// <returns>True when the gate should fail.</returns>
    public static bool HasRegression(IEnumerable<CaseComparison> comparisons) => comparisons.Any(c => c.Verdict == Verdict.Slower);

    /// <summary>The two-sided Mann–Whitney U p-value of two samples (NaN when either is empty).</summary>
    /// <param name="x">One sample.</param>
    /// <param name="y">The other.</param>
    /// <returns>The p-value.</returns>
    public static double MannWhitneyPValue(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            return double.NaN;
        }

        var result = MannWhitneyTest.Instance.Perform(new Sample(x.ToArray()), new Sample(y.ToArray()), AlternativeHypothesis.TwoSides, Threshold.Zero);
        return result.PValue;
    }

    // referenceMedian: the median to compare with when the baseline's latencies are pooled from several runs.
    private static CaseComparison CompareCase(BenchmarkCase baseline, BenchmarkCase current, GateOptions options, double? referenceMedian = null)
    {
        var haveMeasurements = baseline.Measurements.Count > 0 && current.Measurements.Count > 0;
        var baselineMedian = referenceMedian ?? (haveMeasurements ? LatencyStatistics.Median(baseline.Measurements) : baseline.MedianNs);
        var currentMedian = haveMeasurements ? LatencyStatistics.Median(current.Measurements) : current.MedianNs;
        var ratio = baselineMedian > 0 ? currentMedian / baselineMedian : double.NaN;
        var p = haveMeasurements ? MannWhitneyPValue(current.Measurements, baseline.Measurements) : double.NaN;
        var verdict = Decide(ratio, p, options);
        return new CaseComparison(current.Key, verdict, ratio, p) { Baseline = baseline, Current = current };
    }

    private static Dictionary<CaseKey, BenchmarkCase> ByKey(IReadOnlyList<BenchmarkCase> cases, string name)
    {
        var byKey = new Dictionary<CaseKey, BenchmarkCase>(cases.Count);
        foreach (var c in cases)
        {
            if (!byKey.TryAdd(c.Key, c))
            {
                throw new ArgumentException($"Two cases of the {name} run have the key {c.Key}.", name);
            }
        }

        return byKey;
    }
}
