using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
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

/// <summary>Settings of <see cref="RegressionGate.Compare"/>.</summary>
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

    internal void Validate()
    {
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

    private static CaseComparison CompareCase(BenchmarkCase baseline, BenchmarkCase current, GateOptions options)
    {
        var haveMeasurements = baseline.Measurements.Count > 0 && current.Measurements.Count > 0;
        var baselineMedian = haveMeasurements ? LatencyStatistics.Median(baseline.Measurements) : baseline.MedianNs;
        var currentMedian = haveMeasurements ? LatencyStatistics.Median(current.Measurements) : current.MedianNs;
        var ratio = baselineMedian > 0 ? currentMedian / baselineMedian : double.NaN;
        var p = haveMeasurements ? MannWhitneyPValue(current.Measurements, baseline.Measurements) : double.NaN;
        var significant = p < options.Alpha;
        var verdict = significant && ratio > 1 + options.Threshold ? Verdict.Slower
            : significant && ratio < 1 / (1 + options.Threshold) ? Verdict.Faster
            : Verdict.Same;
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
