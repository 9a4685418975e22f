namespace Accelerate.Results;

/// <summary>Summary statistics of per-call latencies.</summary>
/// <param name="MeanNs">Arithmetic mean, ns.</param>
/// <param name="MedianNs">Median, ns.</param>
/// <param name="P90Ns">90th percentile, ns.</param>
/// <param name="P99Ns">99th percentile, ns.</param>
/// <param name="P999Ns">99.9th percentile, ns.</param>
/// <param name="StdDevNs">Sample standard deviation (n − 1), ns; 0 for fewer than two values.</param>
public readonly record struct LatencySummary(double MeanNs, double MedianNs, double P90Ns, double P99Ns, double P999Ns, double StdDevNs);

/// <summary>
/// Computes the latency fields of a <see cref="BenchmarkCase"/> from its raw per-call measurements. Percentiles use
/// linear interpolation between order statistics (Hyndman–Fan type 7, the default of R, NumPy and Excel).
/// BenchmarkDotNet's own percentiles are over iteration means, not calls; these are over calls.
/// </summary>
public static class LatencyStatistics
{
    /// <summary>Summarizes per-call latencies.</summary>
    /// <param name="measurementsNs">The latencies in ns; at least one.</param>
    /// <returns>The summary.</returns>
    public static LatencySummary Summarize(IReadOnlyList<double> measurementsNs)
    {
        ArgumentNullException.ThrowIfNull(measurementsNs);
        if (measurementsNs.Count == 0)
        {
            throw new ArgumentException("At least one measurement is needed.", nameof(measurementsNs));
        }

        var sorted = measurementsNs.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Average();
        var variance = sorted.Length < 2 ? 0 : sorted.Sum(v => (v - mean) * (v - mean)) / (sorted.Length - 1);
        return new LatencySummary(mean, Quantile(sorted, 0.5), Quantile(sorted, 0.9), Quantile(sorted, 0.99), Quantile(sorted, 0.999), Math.Sqrt(variance));
    }

    /// <summary>Returns <paramref name="benchmarkCase"/> with mean, median, p50, p90, p99, p99.9 and standard deviation computed from its measurements.</summary>
    /// <param name="benchmarkCase">A case with at least one measurement.</param>
    /// <returns>The case with its latency fields filled.</returns>
    public static BenchmarkCase WithStatistics(this BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var s = Summarize(benchmarkCase.Measurements);
        return benchmarkCase with
        {
            MeanNs = s.MeanNs, MedianNs = s.MedianNs, P50Ns = s.MedianNs, P90Ns = s.P90Ns, P99Ns = s.P99Ns, P999Ns = s.P999Ns, StdDevNs = s.StdDevNs,
        };
    }

    /// <summary>The median of the values (not necessarily sorted); NaN when there are none.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The median.</returns>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Quantile(sorted, 0.5);
    }

    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
