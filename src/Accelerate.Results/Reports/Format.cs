using System.Globalization;

namespace Accelerate.Results;

/// <summary>Invariant-culture number formatting shared by the reports.</summary>
internal static class Format
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A latency in the unit that keeps 3–4 significant digits: <c>812 ns</c>, <c>45.2 µs</c>, <c>35.71 ms</c>, <c>1.204 s</c>.</summary>
    public static string Latency(double ns) => ns switch
    {
        double.NaN => "—",
        < 1_000 => ns.ToString("0", C) + " ns",
        < 1_000_000 => (ns / 1e3).ToString(ns < 1e4 ? "0.00" : "0.0", C) + " µs",
        < 1_000_000_000 => (ns / 1e6).ToString(ns < 1e7 ? "0.000" : "0.00", C) + " ms",
        _ => (ns / 1e9).ToString("0.000", C) + " s",
    };

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => bytes.Value.ToString(C) + " B",
        < 1024 * 1024 => (bytes.Value / 1024.0).ToString("0.0", C) + " KiB",
        _ => (bytes.Value / 1024.0 / 1024.0).ToString("0.00", C) + " MiB",
    };

    public static string Rate(double perSecond) => perSecond switch
    {
        double.NaN => "—",
        >= 100 => perSecond.ToString("#,0", C),
        >= 10 => perSecond.ToString("0.0", C),
        _ => perSecond.ToString("0.00", C),
    };

    public static string Throughput(BenchmarkCase c) =>
        Rate(c.ItemsPerSecond) + " items/s" + (c.TokensPerSecond is { } t ? " · " + Rate(t) + " tokens/s" : "");

    public static string Ratio(double ratio) => double.IsNaN(ratio) ? "—" : ratio.ToString("0.000", C) + "×";

    public static string PValue(double p) => double.IsNaN(p) ? "—" : p < 0.0001 ? "< 0.0001" : p.ToString("0.0000", C);

    public static string Milliseconds(double? ms) => ms is { } v ? v.ToString("0.0", C) + " ms" : "—";

    public static string Diff(double? diff) => diff switch
    {
        null => "—",
        double.PositiveInfinity => "∞",
        _ => diff.Value.ToString("0.###E+0", C),
    };

    public static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", C) + "Z" : "—";

    public static string Number(double value, string format = "0.###") => value.ToString(format, C);

    public static string VerdictText(CaseComparison? comparison) => comparison?.Verdict switch
    {
        null => "New", // no comparison: the case has nothing to be compared with, as the build output says
        Verdict.Faster => "Faster",
        Verdict.Same => "Same",
        Verdict.Slower => "Slower",
        Verdict.New => "New",
        Verdict.Missing => "Missing",
        _ => comparison.Verdict.ToString(),
    };

    /// <summary>The short label of a case within its model and method: <c>cpu fp32 b=1 seq=128 t=2</c>.</summary>
    public static string CaseLabel(CaseKey key) =>
        string.Create(C, $"{key.Backend} {key.Precision} b={key.Batch} {key.Shape} t={key.Threads}");

    /// <summary>A run's two-line chart label: <c>fc2ec18d+dirty</c> / <c>11-29 13:20Z</c>.</summary>
    public static string RunLabel(RunInfo run) =>
        (run.GitCommit is { Length: >= 8 } commit ? commit[..8] + (run.GitDirty == true ? "+dirty" : "") + "\n" : "") +
        run.StartedAt.UtcDateTime.ToString("MM-dd HH:mm", C) + "Z";
}
